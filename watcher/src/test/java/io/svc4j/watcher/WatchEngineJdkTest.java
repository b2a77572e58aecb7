package io.svc4j.watcher;

import io.svc4j.watcher.backend.JdkWatchBackend;
import io.svc4j.watcher.backend.WatchBackend;
import java.io.IOException;

/** The engine with the JDK's WatchService (inotify through the JDK). */
class WatchEngineJdkTest extends WatchEngineContract {
  @Override
  WatchBackend backend() throws IOException {
    return new JdkWatchBackend();
  }
}
