package io.svc4j.registry.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "full jitter" (a random wait between half and all of the current step),
 * so that many clients of a registry that comes back do not all retry in the same instant.
 */
final class Backoff {

  private final Duration first;
  private final Duration max;
  private Duration step;

  Backoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
    this.step = first;
  }

  synchronized Duration next() {
    long ms = step.toMillis();
    step = step.multipliedBy(2).compareTo(max) > 0 ? max : step.multipliedBy(2);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ms / 2, ms + 1));
  }

  synchronized void reset() {
    step = first;
  }
}
