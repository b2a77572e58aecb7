package io.svc4j.console;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds how many password checks run at once. Each costs PBKDF2's 600 000 rounds on a CPU; without
 * a bound, guesses from many addresses at once (each within its own throttle) would take every core
 * of the host from the services the console is there to watch.
 */
final class HashingGate {

  /** Half the cores, at least one: the other half stays with the host's services. */
  static final int PERMITS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /** How long a login waits for its turn before it is told to come back (503). */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private final Semaphore permits = new Semaphore(PERMITS, true);
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  /**
   * Runs {@code check} when a permit is free.
   *
   * @return empty when none came free within {@link #PATIENCE}
   */
  <T> Optional<T> through(Supplier<T> check) {
    try {
      if (!permits.tryAcquire(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
      return Optional.of(check.get());
    } finally {
      inside.decrementAndGet();
      permits.release();
    }
  }

  /** The most checks that ran at the same time so far (what the tests look at). */
  int mostAtOnce() {
    return mostAtOnce.get();
  }
}
