package io.svc4j.supervisor.config;

import java.time.Duration;

/**
 * When a started child counts as RUNNING, and how its liveness is watched.
 *
 * @param mode what makes it RUNNING
 * @param startSeconds for {@link ReadinessMode#UPTIME}: stable uptime needed (0 = at once)
 * @param startTimeout for NOTIFY and HEALTH: a child not ready by then is stopped and counts as a
 *     failed start
 * @param watchdog if set, the child gets {@code WATCHDOG_USEC} and must send {@code WATCHDOG=1} at
 *     least this often once ready, or it is considered hung and restarted. Null: off. The child may
 *     set or change it itself with {@code WATCHDOG_USEC=}.
 * @param notifySocket give the child a NOTIFY_SOCKET (always true for mode NOTIFY or a watchdog)
 */
public record ReadinessSettings(
    ReadinessMode mode,
    Duration startSeconds,
    Duration startTimeout,
    Duration watchdog,
    Boolean notifySocket) {

  public static final ReadinessSettings DEFAULT =
      new ReadinessSettings(null, null, null, null, null);

  public ReadinessSettings {
    mode = mode == null ? ReadinessMode.UPTIME : mode;
    startSeconds = startSeconds == null ? Duration.ofSeconds(1) : startSeconds;
    startTimeout = startTimeout == null ? Duration.ofSeconds(90) : startTimeout;
    ConfigException.notNegative(startSeconds, "start-seconds");
    ConfigException.positive(startTimeout, "start-timeout");
    if (watchdog != null) {
      ConfigException.positive(watchdog, "watchdog");
    }
    notifySocket =
        (notifySocket == null || notifySocket) || mode == ReadinessMode.NOTIFY || watchdog != null;
  }

  public static ReadinessSettings uptime(Duration startSeconds) {
    return new ReadinessSettings(ReadinessMode.UPTIME, startSeconds, null, null, null);
  }

  public static ReadinessSettings notify(Duration startTimeout, Duration watchdog) {
    return new ReadinessSettings(ReadinessMode.NOTIFY, null, startTimeout, watchdog, true);
  }

  public static ReadinessSettings health(Duration startTimeout) {
    return new ReadinessSettings(ReadinessMode.HEALTH, null, startTimeout, null, null);
  }
}
