package io.svc4j.supervisor.config;

import java.time.Duration;

/**
 * Delay before a restart: {@code initial * multiplier^n}, at most {@code max}, spread by ±{@code
 * jitter} (a fraction) so that many supervised programs do not restart in lockstep. {@code n} is
 * the number of consecutive failed runs before this one; it resets after a run that stayed up
 * {@link RestartSettings#resetAfter()}.
 */
public record Backoff(Duration initial, Duration max, Double multiplier, Double jitter) {

  private static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
  private static final Duration DEFAULT_MAX = Duration.ofSeconds(60);

  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.1);

  public Backoff {
    initial = initial == null ? DEFAULT_INITIAL : initial;
    max = max == null ? DEFAULT_MAX : max;
    multiplier = multiplier == null ? 2.0 : multiplier;
    jitter = jitter == null ? 0.1 : jitter;
    ConfigException.notNegative(initial, "initial");
    ConfigException.notNegative(max, "max");
    ConfigException.require(
        max.compareTo(initial) >= 0, "max", "must be at least initial (" + initial + ")");
    ConfigException.require(
        multiplier >= 1.0 && multiplier <= 100,
        "multiplier",
        "must be in [1, 100], got " + multiplier);
    ConfigException.require(
        jitter >= 0.0 && jitter < 1.0, "jitter", "must be in [0, 1), got " + jitter);
  }

  /** A fixed delay, no growth and no jitter. */
  public static Backoff fixed(Duration delay) {
    return new Backoff(delay, delay, 1.0, 0.0);
  }
}
