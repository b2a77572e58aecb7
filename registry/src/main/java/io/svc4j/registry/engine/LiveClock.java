package io.svc4j.registry.engine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Time during which the registry was able to receive heartbeats: the monotonic clock, except that a
 * gap between two scans longer than {@code maxStep} counts only {@code maxStep}. A registry that
 * was paused (GC, SIGSTOP, a frozen VM) could not receive heartbeats during the pause, so leases
 * must not age during it; the scan loop's lateness is how the pause is seen.
 *
 * <p>Between scans, {@link #now} is capped the same way, so that a request served right after a
 * pause, before the scan thread runs, does not see the pause either.
 */
public final class LiveClock {

  private final LongSupplier nanoTime;
  private final long maxStep;
  private long lastNano;
  private long live;
  private long paused;
  private long lastLateness;

  public LiveClock(LongSupplier nanoTime, Duration maxStep) {
    this.nanoTime = nanoTime;
    this.maxStep = maxStep.toNanos();
    this.lastNano = nanoTime.getAsLong();
  }

  public static LiveClock system(Duration maxStep) {
    return new LiveClock(System::nanoTime, maxStep);
  }

  /** The live time now, in nanoseconds since the clock was made. */
  public synchronized long now() {
    long gap = nanoTime.getAsLong() - lastNano;
    return live + Math.min(Math.max(0, gap), maxStep);
  }

  /**
   * Called by the scan loop: moves the live time forward by the gap since the last tick, at most
   * {@code maxStep}. Returns the live time.
   */
  public synchronized long tick(long expectedGapNanos) {
    long n = nanoTime.getAsLong();
    long gap = Math.max(0, n - lastNano);
    long credited = Math.min(gap, maxStep);
    live += credited;
    paused += gap - credited;
    lastLateness = Math.max(0, gap - expectedGapNanos);
    lastNano = n;
    return live;
  }

  /** Total time not counted because the registry was paused. */
  public synchronized Duration paused() {
    return Duration.ofNanos(paused);
  }

  /** How late the last scan ran compared to its schedule. */
  public synchronized Duration lastLateness() {
    return Duration.ofNanos(lastLateness);
  }
}
