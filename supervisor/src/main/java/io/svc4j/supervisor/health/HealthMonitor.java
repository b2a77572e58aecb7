package io.svc4j.supervisor.health;

import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.os.PrintableText;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one running child periodically (docker HEALTHCHECK semantics): the first check runs at
 * once, then every interval; {@code retries} consecutive failures make it unhealthy, except within
 * the start period, where failures do not count (a success there still counts). One monitor per
 * child run; close it when the run ends.
 */
public final class HealthMonitor implements AutoCloseable {

  /** Called on the monitor's thread; must not block. */
  public interface Listener {
    /** The first success of this run, or the first success after being unhealthy. */
    void healthy();

    /** {@code retries} consecutive counted failures. Reported once until healthy again. */
    void unhealthy(String reason);

    /** Every check's result and how long the probe took (for metrics); on the health thread. */
    default void checked(boolean ok, Duration took) {}
  }

  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final HealthCheckSettings settings;
  private final List<String> commandPrefix;
  private final Listener listener;
  private final ExecutorService thread;
  private final long startedNanos = System.nanoTime();
  private volatile boolean closed;
  private int failures;
  private Boolean healthy;
  private volatile String lastResult = "not checked yet";

  private HealthMonitor(
      HealthCheckSettings settings, Listener listener, String name, List<String> commandPrefix) {
    this.commandPrefix = List.copyOf(commandPrefix);
    this.settings = settings;
    this.listener = listener;
    this.thread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("svc4j-health-" + name).factory());
  }

  public static HealthMonitor start(HealthCheckSettings settings, Listener listener, String name) {
    return start(settings, listener, name, List.of());
  }

  /**
   * @param commandPrefix put before a command probe's program, e.g. setpriv options that run it as
   *     the child's user
   */
  public static HealthMonitor start(
      HealthCheckSettings settings, Listener listener, String name, List<String> commandPrefix) {
    var monitor = new HealthMonitor(settings, listener, name, commandPrefix);
    monitor.thread.execute(monitor::loop);
    return monitor;
  }

  /** "ok", or why the last check failed. */
  public String lastResult() {
    return lastResult;
  }

  private void loop() {
    while (!closed) {
      long began = System.nanoTime();
      check();
      long waitNanos = settings.interval().toNanos() - (System.nanoTime() - began);
      try {
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void check() {
    String failure;
    long began = System.nanoTime();
    try {
      failure = Probes.run(settings.probe(), settings.timeout(), commandPrefix);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      failure = "probe failed: " + e;
    }
    if (closed) {
      return;
    }
    listener.checked(failure == null, Duration.ofNanos(System.nanoTime() - began));
    // Shown by svc4j status; an exception's message may quote what the child answered.
    lastResult = failure == null ? "ok" : PrintableText.clean(failure);
    if (failure == null) {
      failures = 0;
      if (!Boolean.TRUE.equals(healthy)) {
        healthy = true;
        listener.healthy();
      }
      return;
    }
    boolean inStartPeriod = System.nanoTime() - startedNanos < settings.startPeriod().toNanos();
    if (inStartPeriod) {
      log.debug("Health check failed within the start period: {}", failure);
      return;
    }
    failures++;
    if (failures >= settings.retries() && !Boolean.FALSE.equals(healthy)) {
      healthy = false;
      listener.unhealthy(failure + " (" + failures + " times in a row)");
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
  }
}
