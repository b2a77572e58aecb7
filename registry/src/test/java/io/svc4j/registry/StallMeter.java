package io.svc4j.registry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long this JVM was not scheduled while it ran: a thread that sleeps {@link #TICK} again and
 * again adds up how much later than that it woke. On a machine whose cores are busy with others'
 * work, this JVM's own threads (100 registry agents, say) were held up at least as long; a time
 * bound on what they do can then be checked against the time they could run.
 */
final class StallMeter implements AutoCloseable {

  private static final long TICK = Duration.ofMillis(20).toNanos();
  // A wake-up this much late is the timer's own slack, not a stall.
  private static final long SLACK = Duration.ofMillis(5).toNanos();

  private final AtomicLong stalled = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private StallMeter() {
    thread = Thread.ofPlatform().daemon().name("stall-meter").start(this::measure);
  }

  static StallMeter start() {
    return new StallMeter();
  }

  private void measure() {
    long last = System.nanoTime();
    while (running) {
      try {
        Thread.sleep(Duration.ofNanos(TICK));
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      long late = now - last - TICK;
      if (late > SLACK) {
        stalled.addAndGet(late);
      }
      last = now;
    }
  }

  /** The time not scheduled so far. */
  Duration stalled() {
    return Duration.ofNanos(stalled.get());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
