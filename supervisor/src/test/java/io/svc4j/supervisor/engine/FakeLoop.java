package io.svc4j.supervisor.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * An {@link EventLoop} on the test's own thread with a clock the test advances: tasks wait until
 * {@link #runPending} or {@link #advance}, timers fire in due order as time passes. No thread, no
 * sleep: what a test asserts after {@code advance} is exactly what those moves did.
 */
final class FakeLoop implements EventLoop {

  private static final Instant EPOCH = Instant.parse("2026-01-05T10:00:00Z");

  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Scheduled> timers =
      new PriorityQueue<>(Comparator.comparingLong(Scheduled::due).thenComparingLong(s -> s.seq));
  private long nanos;
  private long seq;

  private final class Scheduled implements Timer {
    final long seq = FakeLoop.this.seq++;
    final long dueNanos;
    final Runnable task;
    boolean cancelled;

    Scheduled(long dueNanos, Runnable task) {
      this.dueNanos = dueNanos;
      this.task = task;
    }

    long due() {
      return dueNanos;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Override
  public void execute(Runnable task) {
    ready.add(task);
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    var s = new Scheduled(nanos + Math.max(0, delay.toNanos()), task);
    timers.add(s);
    return s;
  }

  @Override
  public Timer every(Duration first, Duration period, Runnable task) {
    var handle = new Timer[1];
    var cancelled = new boolean[1];
    Runnable[] repeat = new Runnable[1];
    repeat[0] =
        () -> {
          if (!cancelled[0]) {
            task.run();
            handle[0] = schedule(period, repeat[0]);
          }
        };
    handle[0] = schedule(first, repeat[0]);
    return () -> {
      cancelled[0] = true;
      handle[0].cancel();
    };
  }

  @Override
  public Instant now() {
    return EPOCH.plusNanos(nanos);
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  /** Runs every task that is ready now, and those they queue. */
  void runPending() {
    Runnable task;
    while ((task = ready.poll()) != null) {
      task.run();
    }
  }

  /** Lets {@code time} pass: every timer due meanwhile fires at its time, in order. */
  void advance(Duration time) {
    long target = nanos + time.toNanos();
    runPending();
    while (true) {
      Scheduled next = timers.peek();
      if (next == null || next.dueNanos > target) {
        break;
      }
      timers.poll();
      if (next.cancelled) {
        continue;
      }
      nanos = Math.max(nanos, next.dueNanos);
      next.task.run();
      runPending();
    }
    nanos = target;
  }

  /** Whether a live timer is due within {@code time} from now. */
  boolean timerWithin(Duration time) {
    return timers.stream().anyMatch(s -> !s.cancelled && s.dueNanos <= nanos + time.toNanos());
  }
}
