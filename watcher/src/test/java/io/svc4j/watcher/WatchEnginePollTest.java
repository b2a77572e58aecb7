package io.svc4j.watcher;

import io.svc4j.watcher.backend.PollBackend;
import io.svc4j.watcher.backend.WatchBackend;
import java.time.Duration;

/**
 * The engine with the polling backend: the same tests as inotify's and the JDK's, on Linux here; it
 * is the backend macOS gets (no macOS machine has run these tests).
 */
class WatchEnginePollTest extends WatchEngineContract {
  @Override
  WatchBackend backend() {
    return new PollBackend(Duration.ofMillis(50));
  }
}
