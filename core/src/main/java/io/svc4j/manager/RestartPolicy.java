package io.svc4j.manager;

import java.time.Duration;

/**
 * When the manager restarts the service, and how often it may before giving up.
 *
 * @param mode when to restart
 * @param delay wait between an exit and the restart (systemd RestartSec)
 * @param burst at most this many starts ...
 * @param interval ... within this window (systemd StartLimitBurst / StartLimitIntervalSec)
 */
public record RestartPolicy(Mode mode, Duration delay, int burst, Duration interval) {

  public enum Mode {
    NO,
    ON_FAILURE,
    ALWAYS
  }

  public static final RestartPolicy DEFAULT =
      new RestartPolicy(Mode.ON_FAILURE, Duration.ofSeconds(2), 5, Duration.ofSeconds(60));

  public RestartPolicy {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("restart delay must not be negative: " + delay);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("restart burst must be at least 1: " + burst);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("restart interval must be positive: " + interval);
    }
  }
}
