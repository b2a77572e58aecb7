package io.svc4j.systemd.unit;

import io.svc4j.manager.ManagerException;
import java.time.Duration;

/** Durations in systemd's time span syntax ("90s", "1500ms", "250us", "infinity"). */
public final class SystemdDurations {

  private SystemdDurations() {}

  /** The exact span, in the largest unit that keeps it whole; zero is "0". */
  public static String span(Duration duration, String what) {
    if (duration.isNegative()) {
      throw new ManagerException("the " + what + " must not be negative: " + duration);
    }
    if (duration.isZero()) {
      return "0";
    }
    if (duration.getNano() == 0) {
      return duration.getSeconds() + "s";
    }
    if (duration.getNano() % 1_000_000 == 0) {
      return duration.toMillis() + "ms";
    }
    if (duration.getNano() % 1_000 == 0) {
      return duration.toNanos() / 1_000 + "us";
    }
    throw new ManagerException(
        "the " + what + " " + duration + " is finer than a microsecond, which systemd cannot hold");
  }

  /** Like {@link #span} but a zero timeout means "never time out", written as "infinity". */
  public static String timeout(Duration duration, String what) {
    return duration.isZero() ? "infinity" : span(duration, what);
  }
}
