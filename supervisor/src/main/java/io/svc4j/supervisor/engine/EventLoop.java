package io.svc4j.supervisor.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's one thread and its clock. All engine state is touched only by tasks run here, one at
 * a time. Production: {@link ThreadEventLoop}; engine tests: a fake whose time they advance.
 */
public interface EventLoop {

  /** Runs {@code task} on the event thread soon; dropped once the loop is shut down. */
  void execute(Runnable task);

  /** Runs {@code task} on the event thread after {@code delay}, unless cancelled first. */
  Timer schedule(Duration delay, Runnable task);

  /** Runs {@code task} on the event thread after {@code first}, then every {@code period}. */
  Timer every(Duration first, Duration period, Runnable task);

  /** Wall-clock time (restart windows, cron, {@code startedAt}). */
  Instant now();

  /** Monotonic time in nanoseconds (uptime). */
  long nanoTime();

  /** A scheduled task. */
  interface Timer {
    void cancel();
  }
}
