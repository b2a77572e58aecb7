package io.svc4j.watcher.backend;

import java.io.IOException;
import java.time.Duration;

/** The backend a user asks for ({@code svc4j watch --backend}); {@link #AUTO} is the machine's. */
public enum BackendChoice {
  /** {@link WatchBackends#preferred()}: inotify on Linux, the native tree watch on Windows. */
  AUTO,
  /** inotify through JNA (Linux only). */
  INOTIFY,
  /** The JDK's WatchService. */
  JDK,
  /** Directory listings every interval ({@link PollBackend}). */
  POLL;

  /** A new backend of this kind; {@code pollInterval} is used by {@link #POLL} only. */
  public WatchBackend create(Duration pollInterval) throws IOException {
    return switch (this) {
      case AUTO -> WatchBackends.preferred();
      case INOTIFY -> new InotifyBackend();
      case JDK -> new JdkWatchBackend();
      case POLL -> new PollBackend(pollInterval);
    };
  }
}
