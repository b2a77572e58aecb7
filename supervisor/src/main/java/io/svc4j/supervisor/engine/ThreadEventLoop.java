package io.svc4j.supervisor.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link EventLoop}: one daemon platform thread. Launches happen on it too, because
 * Linux ties a child's parent-death signal to the thread that forked it. A task that throws is
 * logged and the loop goes on.
 */
public final class ThreadEventLoop implements EventLoop {

  private static final Logger log = LoggerFactory.getLogger(ThreadEventLoop.class);

  private final String name;
  private final ScheduledThreadPoolExecutor executor;

  public ThreadEventLoop(String name) {
    this.name = name;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("svc4j-supervisor-" + name).factory());
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public void execute(Runnable task) {
    if (executor.isShutdown()) {
      return;
    }
    try {
      executor.execute(() -> guarded(task));
    } catch (RejectedExecutionException e) {
      log.debug("{}: event after close ignored", name);
    }
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    try {
      var future =
          executor.schedule(
              () -> guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public Timer every(Duration first, Duration period, Runnable task) {
    try {
      var future =
          executor.scheduleWithFixedDelay(
              () -> guarded(task), first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  public boolean isShutdown() {
    return executor.isShutdown();
  }

  /** Whether the thread still answers within {@code timeout} (a host's liveness check). */
  public boolean answers(Duration timeout) {
    try {
      return executor.submit(() -> true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** Stops taking tasks; the queued ones still run (timers do not). */
  public void shutdown() {
    executor.shutdown();
  }

  /** Waits up to {@code timeout} for the queued tasks after {@link #shutdown}. */
  public void awaitTermination(Duration timeout) throws InterruptedException {
    executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("{}: supervisor event failed: {}", name, e.toString(), e);
    }
  }
}
