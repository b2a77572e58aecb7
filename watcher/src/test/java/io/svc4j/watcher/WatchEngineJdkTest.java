package io.svc4j.watcher;

import io.svc4j.watcher.backend.JdkWatchBackend;
import io.svc4j.watcher.backend.WatchBackend;
import java.io.IOException;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The engine with the JDK's WatchService (inotify through the JDK). */
class WatchEngineJdkTest extends WatchEngineContract {
  @Override
  WatchBackend backend() throws IOException {
    return new JdkWatchBackend();
  }

  /**
   * A known defect, not a passing test: in one of three CI runs the JDK backend never reported some
   * of the 10,000 files (3 minutes, no overflow logged), while the default inotify backend passes
   * every time. Until the cause is found the JDK backend is a fallback for platforms without the
   * inotify backend only, and docs/watcher.md says it can lose files in a burst.
   */
  @Test
  @Disabled("JDK backend loses files in a 10,000-file burst now and then: cause not found yet")
  @Override
  void tenThousandFilesInNewNestedDirectoriesAreEachReportedOnce() {}
}
