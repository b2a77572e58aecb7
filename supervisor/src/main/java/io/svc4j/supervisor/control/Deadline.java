package io.svc4j.supervisor.control;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a channel when a time limit passes, which ends any read, write or connect blocked on it. A
 * Unix-domain {@code SocketChannel} has no read timeout of its own ({@code SO_TIMEOUT} exists only
 * for the stream adaptors of TCP sockets), so a closing timer is the bound.
 */
final class Deadline implements AutoCloseable {

  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final ScheduledFuture<?> task;
  private volatile boolean expired;

  private Deadline(Closeable target, Duration limit) {
    this.task =
        TIMER.schedule(
            () -> {
              expired = true;
              try {
                target.close();
              } catch (IOException e) {
                // already closed: nothing to end
              }
            },
            limit.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  /** Closes {@code target} after {@code limit} unless {@link #close()} came first. */
  static Deadline after(Duration limit, Closeable target) {
    return new Deadline(target, limit);
  }

  /** Whether the limit passed (and the target was closed because of it). */
  boolean expired() {
    return expired;
  }

  /** Cancels the timer: the work finished in time. */
  @Override
  public void close() {
    task.cancel(false);
  }

  private static ScheduledThreadPoolExecutor timer() {
    var timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("svc4j-control-deadlines").factory());
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
