package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.policy.ChildEnd;

/**
 * The engine's whole lifecycle at one instant, replaced (never changed) by each transition: the
 * {@link ChildState} of the table plus the facts of the current run that the state alone does not
 * say. Only the event thread replaces it; any thread may read the latest.
 *
 * @param state where the child is in {@link ChildState}'s table
 * @param reason why it got there (shown by {@code svc4j status})
 * @param generation the current run's number (0 before the first); an event of any other run is
 *     stale and is dropped by {@link ChildEngine} in one place
 * @param launched whether the current run's process was started (false while its pre-start hook
 *     runs, or after a failed launch)
 * @param stopCause why the engine is ending the current run itself, null when it is not
 * @param exited whether the current run's main process ended (its tree may live on)
 * @param exitCode the current run's exit code once known, else null
 * @param lastExitCode the exit code of the last run that ended, null before the first end
 * @param over whether the current run is over: its tree is gone (or it never launched) and the
 *     restart policy decided; its late events are stale too
 */
public record Lifecycle(
    ChildState state,
    String reason,
    int generation,
    boolean launched,
    ChildEnd.Cause stopCause,
    boolean exited,
    Integer exitCode,
    Integer lastExitCode,
    boolean over) {

  /** Before anything ran. */
  static Lifecycle initial() {
    return new Lifecycle(
        ChildState.STOPPED, "not started", 0, false, null, false, null, null, true);
  }

  /** Whether the engine is ending the current run itself (a stop is in progress). */
  boolean stopping() {
    return stopCause != null;
  }

  /** Whether the current run's process runs: launched, not exited. */
  boolean live() {
    return launched && !exited;
  }

  Lifecycle moved(ChildState to, String why) {
    return new Lifecycle(
        to, why, generation, launched, stopCause, exited, exitCode, lastExitCode, over);
  }

  /** A new run begins: nothing of the previous one carries over but its exit code. */
  Lifecycle nextRun() {
    return new Lifecycle(
        state, reason, generation + 1, false, null, false, null, lastExitCode, false);
  }

  Lifecycle asLaunched() {
    return new Lifecycle(
        state, reason, generation, true, stopCause, exited, exitCode, lastExitCode, over);
  }

  Lifecycle stoppingFor(ChildEnd.Cause cause) {
    return new Lifecycle(
        state, reason, generation, launched, cause, exited, exitCode, lastExitCode, over);
  }

  Lifecycle exitedWith(Integer code) {
    return new Lifecycle(
        state, reason, generation, launched, stopCause, true, code, lastExitCode, over);
  }

  /** The run is over and the policy decides: its exit code becomes the last one. */
  Lifecycle ended() {
    return new Lifecycle(
        state, reason, generation, launched, stopCause, true, exitCode, exitCode, true);
  }
}
