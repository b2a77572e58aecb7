package io.svc4j.cli.control;

import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.engine.ChildState;
import java.util.Objects;

/**
 * Judges the supervisor's successive status answers after the CLI asked it to start or restart the
 * child. A run is told apart by its {@code startedAt}: right after the request the supervisor may
 * still report the previous run (even its FATAL end), which must not be taken for the outcome.
 */
public final class ChildProgress {

  enum Outcome {
    /** The requested run is not RUNNING yet, or has not even begun. */
    WAITING,
    /** The requested run is RUNNING. */
    RUNNING,
    /** The requested run ended (EXITED, FATAL, or STOPPED by someone else) instead. */
    ENDED
  }

  private final String previousRun;
  private final boolean currentRunCounts;

  private ChildProgress(String previousRun, boolean currentRunCounts) {
    this.previousRun = previousRun;
    this.currentRunCounts = currentRunCounts;
  }

  /** After a restart only a run that began after {@code before} counts. */
  static ChildProgress afterRestart(SupervisedStatus before) {
    return new ChildProgress(startedAt(before), false);
  }

  /**
   * After a start, a child that was not in a final state is left as it is by the supervisor, so its
   * current run is the one to wait for; otherwise only a new run counts.
   */
  static ChildProgress afterStart(SupervisedStatus before) {
    return new ChildProgress(startedAt(before), !isFinal(before));
  }

  Outcome judge(SupervisedStatus now) {
    if (!currentRunCounts && Objects.equals(startedAt(now), previousRun)) {
      return Outcome.WAITING;
    }
    if (now.state() == ChildState.RUNNING) {
      return Outcome.RUNNING;
    }
    return isFinal(now) ? Outcome.ENDED : Outcome.WAITING;
  }

  static String state(SupervisedStatus status) {
    return String.valueOf(status.state());
  }

  static boolean isFinal(SupervisedStatus status) {
    return status.state() != null && status.state().isFinal();
  }

  private static String startedAt(SupervisedStatus status) {
    return status.startedAt();
  }
}
