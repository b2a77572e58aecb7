package io.svc4j.cli.supervise;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.time.Duration;

/**
 * The child's restart policy as {@code svc4j run --restart MODE --restart-delay D} gives it (from
 * {@code svc4j install --restart/--restart-delay} of a supervised service): each part overrides the
 * config file's {@code restart.mode} / {@code restart.backoff.initial} when given (null: the
 * file's, or the default).
 */
public record ChildRestart(RestartMode mode, Duration delay) {

  public static final ChildRestart NONE = new ChildRestart(null, null);

  SupervisorConfig applyTo(SupervisorConfig config) {
    var restart = config.restart();
    if (mode != null) {
      restart = restart.withMode(mode);
    }
    if (delay != null) {
      Backoff b = restart.backoff();
      Duration max = b.max().compareTo(delay) < 0 ? delay : b.max();
      restart = restart.withBackoff(new Backoff(delay, max, b.multiplier(), b.jitter()));
    }
    return mode == null && delay == null ? config : config.withRestart(restart);
  }
}
