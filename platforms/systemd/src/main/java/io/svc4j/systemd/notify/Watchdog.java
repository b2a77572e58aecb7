package io.svc4j.systemd.notify;

import io.svc4j.runtime.HostEnvironment;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code WATCHDOG=1} every half watchdog interval, but only while the service says it is
 * alive. A stuck service therefore stops pinging and systemd restarts it, which is the point of the
 * watchdog; a pinger that ran regardless would hide the hang.
 */
public final class Watchdog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  private final ScheduledExecutorService pinger;
  private final Duration period;
  private boolean lastAlive = true; // only touched by the pinger thread

  private Watchdog(ScheduledExecutorService pinger, Duration period) {
    this.pinger = pinger;
    this.period = period;
  }

  /**
   * The ping period requested by systemd: half of {@code WATCHDOG_USEC}, if it is set and meant for
   * this process ({@code WATCHDOG_PID} absent or equal to {@code pid}).
   */
  public static Optional<Duration> period(HostEnvironment environment, long pid) {
    Optional<String> usec = environment.variable("WATCHDOG_USEC");
    if (usec.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> watchdogPid = environment.variable("WATCHDOG_PID");
    if (watchdogPid.isPresent() && !watchdogPid.get().trim().equals(Long.toString(pid))) {
      log.debug("WATCHDOG_PID={} is not this process ({}): not pinging", watchdogPid.get(), pid);
      return Optional.empty();
    }
    long micros;
    try {
      micros = Long.parseLong(usec.get().trim());
    } catch (NumberFormatException e) {
      micros = 0;
    }
    if (micros <= 0) {
      log.warn(
          "Ignoring WATCHDOG_USEC={}: not a positive number of microseconds; the watchdog is off",
          usec.get());
      return Optional.empty();
    }
    return Optional.of(Duration.of(micros, java.time.temporal.ChronoUnit.MICROS).dividedBy(2));
  }

  /**
   * Starts pinging through {@code notify} every {@code period} while {@code alive} answers true.
   * {@code alive} may block; pings resume once it answers true again.
   */
  public static Watchdog start(SdNotify notify, BooleanSupplier alive, Duration period) {
    ScheduledExecutorService pinger =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("svc4j-watchdog").factory());
    Watchdog watchdog = new Watchdog(pinger, period);
    long nanos = Math.max(1, period.toNanos());
    // Fixed delay, not fixed rate: after a blocked probe there must be no burst of catch-up pings.
    pinger.scheduleWithFixedDelay(
        () -> watchdog.tick(notify, alive), 0, nanos, TimeUnit.NANOSECONDS);
    return watchdog;
  }

  private void tick(SdNotify notify, BooleanSupplier alive) {
    boolean now;
    try {
      now = alive.getAsBoolean();
    } catch (RuntimeException e) {
      now = false;
    }
    if (pinger.isShutdown()) {
      return; // closed while probing: the probe's answer no longer matters
    }
    if (now != lastAlive) {
      if (now) {
        log.info("Service answers its liveness probe again: resuming watchdog pings");
      } else {
        log.warn("Service is not alive: withholding watchdog pings so that systemd can restart it");
      }
      lastAlive = now;
    }
    if (now) {
      notify.watchdog();
    }
  }

  /** The ping period. */
  public Duration period() {
    return period;
  }

  /** Stops pinging; a probe in progress is abandoned. */
  @Override
  public void close() {
    pinger.shutdownNow();
  }
}
