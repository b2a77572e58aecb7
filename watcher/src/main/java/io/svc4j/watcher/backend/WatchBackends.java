package io.svc4j.watcher.backend;

import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend for this machine: inotify through JNA on Linux, one native recursive watch per tree
 * on Windows, polling on macOS (the JDK's WatchService there is a polling one too, every 10 s by
 * default; see {@link PollBackend}), the JDK's WatchService elsewhere.
 */
public final class WatchBackends {

  private static final Logger log = LoggerFactory.getLogger(WatchBackends.class);

  private WatchBackends() {}

  public static WatchBackend preferred() throws IOException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return new WindowsTreeWatchBackend();
    }
    if (os.startsWith("mac")) {
      return new PollBackend(PollBackend.DEFAULT_INTERVAL);
    }
    if (os.startsWith("linux")) {
      try {
        return new InotifyBackend();
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        log.warn(
            "inotify through JNA is not available ({}); using the JDK's WatchService",
            e.toString());
      }
    }
    return new JdkWatchBackend();
  }
}
