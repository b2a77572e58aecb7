package io.svc4j.watcher.backend;

import java.io.IOException;

/** The operating system refused another watch: its per-user watch limit is reached. */
public final class WatchLimitException extends IOException {
  public WatchLimitException(String message) {
    super(message);
  }
}
