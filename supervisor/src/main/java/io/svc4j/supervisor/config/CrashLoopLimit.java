package io.svc4j.supervisor.config;

import java.time.Duration;

/**
 * The child is FATAL when it has been started {@code maxStarts} times within {@code window} and
 * ends badly again: the supervisor gives up and exits non-zero so that the outer manager's recovery
 * (systemd Restart=, SCM recovery actions) applies.
 */
public record CrashLoopLimit(Integer maxStarts, Duration window) {

  public static final CrashLoopLimit DEFAULT = new CrashLoopLimit(5, Duration.ofSeconds(60));

  public CrashLoopLimit {
    maxStarts = maxStarts == null ? 5 : maxStarts;
    window = window == null ? Duration.ofSeconds(60) : window;
    ConfigException.require(maxStarts >= 1, "max-starts", "must be at least 1, got " + maxStarts);
    ConfigException.positive(window, "window");
  }
}
