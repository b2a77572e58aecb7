package io.svc4j.supervisor.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The child's status as the rest of the world sees it: a {@link ChildStatus} snapshot the event
 * thread replaces after every change, read from any thread, and the wait for readiness.
 */
final class StatusBoard {

  private final String name;
  private final CapturedLogs logs; // null without log capture
  private volatile ChildStatus snapshot;

  StatusBoard(String name, CapturedLogs logs) {
    this.name = name;
    this.logs = logs;
  }

  /** On the event thread: the snapshot of {@code now} and its run (null before the first). */
  void publish(Lifecycle now, ChildRun run, int restarts, boolean healthChecked) {
    String health =
        !healthChecked || run == null || run.health == null ? "" : run.health.lastResult();
    snapshot =
        new ChildStatus(
            name,
            now.state(),
            run != null && now.live() ? run.pid() : 0,
            run == null ? null : run.startedAt,
            restarts,
            now.lastExitCode(),
            now.reason(),
            run == null ? "" : run.childStatus,
            health,
            droppedLines(),
            logTrouble());
  }

  /** The latest snapshot, with the log figures of now; safe from any thread. */
  ChildStatus status() {
    ChildStatus s = snapshot;
    long dropped = droppedLines();
    String trouble = logTrouble();
    if (dropped == s.droppedLines() && trouble.equals(s.logs())) {
      return s;
    }
    return new ChildStatus(
        s.name(),
        s.state(),
        s.pid(),
        s.startedAt(),
        s.restarts(),
        s.lastExitCode(),
        s.reason(),
        s.childStatus(),
        s.health(),
        dropped,
        trouble);
  }

  private long droppedLines() {
    return logs == null ? 0 : logs.droppedLines();
  }

  private String logTrouble() {
    return logs == null ? "" : logs.trouble();
  }

  /** Wakes {@link #awaitReady}: after the listeners ran, so what they record is there. */
  void wake() {
    synchronized (this) {
      notifyAll();
    }
  }

  /** Waits until the child is RUNNING (true) or has ended for good (false). */
  boolean awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        ChildState now = snapshot.state();
        if (now == ChildState.RUNNING) {
          return true;
        }
        if (now == ChildState.EXITED || now == ChildState.FATAL) {
          return false;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(name + " is still " + now + " after " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
    }
  }
}
