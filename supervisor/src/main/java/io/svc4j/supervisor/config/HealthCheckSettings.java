package io.svc4j.supervisor.config;

import java.time.Duration;

/**
 * A periodic health check of the running child (docker HEALTHCHECK semantics).
 *
 * @param probe what to check
 * @param interval time between checks
 * @param timeout one check that takes longer fails
 * @param retries this many consecutive failures make the child unhealthy
 * @param startPeriod failures within this time after the start do not count
 * @param restartOnUnhealthy restart the child when it becomes unhealthy (default), else only report
 *     it
 */
public record HealthCheckSettings(
    HealthProbe probe,
    Duration interval,
    Duration timeout,
    Integer retries,
    Duration startPeriod,
    Boolean restartOnUnhealthy) {

  public HealthCheckSettings {
    ConfigException.require(probe != null, "probe", "one of http, tcp or command is required");
    interval = interval == null ? Duration.ofSeconds(10) : interval;
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
    retries = retries == null ? 3 : retries;
    restartOnUnhealthy = restartOnUnhealthy == null || restartOnUnhealthy;
    ConfigException.positive(interval, "interval");
    ConfigException.positive(timeout, "timeout");
    ConfigException.notNegative(startPeriod, "start-period");
    ConfigException.require(retries >= 1, "retries", "must be at least 1, got " + retries);
  }

  public static HealthCheckSettings of(HealthProbe probe, Duration interval) {
    return new HealthCheckSettings(probe, interval, null, 3, null, true);
  }
}
