package io.svc4j.supervisor.engine;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * When the engine's upkeep (a scan of the child's tree: members that left its markers, zombies of
 * reparented orphans, and with {@code restart.max-memory} the tree's memory) runs. It is the only
 * timer of an idle supervisor, and each round reads every process's {@code /proc/PID/stat}; so it
 * runs every {@link #BUSY} only while something needs it: a memory limit (no event says a tree
 * grew), or a tree of more than the child itself (descendants can leave the session or be
 * orphaned). A lone child is looked at every {@link #QUIET}: it has no descendant that could stray
 * until it forks, and its exit is not the upkeep's business (the JDK's waitpid reports it).
 *
 * <p>One-shot timers, each round deciding the next, so that a limit added by a reload or a tree
 * that starts forking changes the pace at the next round ({@link #reconsider()} at once).
 *
 * <p>A round scans off the event thread (a /proc read may block) and reports back to it; the next
 * round is armed only then, so that a scan that hangs never has a second one queued behind it.
 */
final class UpkeepSchedule {

  /** After a launch: early enough to see a child that daemonizes at start. */
  static final Duration FIRST = Duration.ofSeconds(2);

  /** With a memory limit, or a tree of more than one process. */
  static final Duration BUSY = Duration.ofSeconds(5);

  /** A lone child (or none) and no memory limit. */
  static final Duration QUIET = Duration.ofSeconds(60);

  /** What one round found. */
  record Round(boolean measuring, int processes) {}

  /** Starts one round; calls {@code done} on the event thread with what it found. */
  interface RoundRunner {
    void start(Consumer<Round> done);
  }

  private final EventLoop loop;
  private final RoundRunner round;
  private EventLoop.Timer timer;
  private long dueNanos; // of timer
  private boolean scanning; // a round was started and has not reported yet
  private boolean launchedDuringScan; // that round may have seen no child: the next comes FIRST
  private boolean released;

  /** {@code round} starts one upkeep from the event thread. */
  UpkeepSchedule(EventLoop loop, RoundRunner round) {
    this.loop = loop;
    this.round = round;
  }

  /** The interval after a round that found {@code r}. */
  static Duration after(Round r) {
    return r.measuring() || r.processes() > 1 ? BUSY : QUIET;
  }

  /** At a launch: the first round after {@link #FIRST}, unless one is due sooner. Event thread. */
  void launched() {
    if (scanning) {
      launchedDuringScan = true;
    } else if (!released && !dueWithin(FIRST)) {
      arm(FIRST);
    }
  }

  /**
   * A setting changed (a reload): with a memory limit now, the next round comes within {@link
   * #BUSY}. Event thread.
   */
  void reconsider(boolean measuring) {
    if (measuring && timer != null && !dueWithin(BUSY)) {
      arm(BUSY);
    }
  }

  private boolean dueWithin(Duration d) {
    return timer != null && dueNanos - loop.nanoTime() <= d.toNanos();
  }

  /** No more rounds (the engine is released). Event thread. */
  void release() {
    released = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void arm(Duration delay) {
    if (timer != null) {
      timer.cancel();
    }
    dueNanos = loop.nanoTime() + delay.toNanos();
    timer = loop.schedule(delay, this::run);
  }

  private void run() {
    timer = null;
    if (released) {
      return;
    }
    scanning = true;
    round.start(
        r -> {
          scanning = false;
          Duration next = after(r);
          if (launchedDuringScan && FIRST.compareTo(next) < 0) {
            next = FIRST;
          }
          launchedDuringScan = false;
          if (!released) {
            arm(next);
          }
        });
  }
}
