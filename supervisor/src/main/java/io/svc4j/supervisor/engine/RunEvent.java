package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.os.NotifyMessage;
import io.svc4j.supervisor.policy.ChildEnd;

/**
 * Something that happened to one run of the child, reported from whatever thread saw it and handled
 * on the event thread by {@link ChildEngine#onEvent}, which drops events of a run that is no longer
 * the current one.
 */
sealed interface RunEvent {

  /**
   * The leftover check before the first launch finished (on the scan thread); {@code refusal} is
   * null when the launch may go ahead.
   */
  record LeftoversChecked(String refusal) implements RunEvent {}

  /** The pre-start hook finished; {@code failure} is null on success. */
  record PreStartDone(String failure) implements RunEvent {}

  /** The main process ended (its tree may live on). */
  record Exited(int exitCode) implements RunEvent {}

  /**
   * After the main process exited with {@code exitCode}: whether processes of its tree live on, as
   * the scan thread found.
   */
  record TreeChecked(int exitCode, boolean alive) implements RunEvent {}

  /** No process of the run's tree is left (after a stop, or a clean-up of leftovers). */
  record TreeGone(int exitCode) implements RunEvent {}

  /** The child wrote to its notify endpoint. */
  record Notified(NotifyMessage message) implements RunEvent {}

  /** The health check passed. */
  record Healthy() implements RunEvent {}

  /** The health check failed {@code why}. */
  record Unhealthy(String why) implements RunEvent {}

  /** A restart trigger fired: an output pattern matched, or the tree is above max-memory. */
  record Triggered(ChildEnd.Cause cause, String why) implements RunEvent {}

  /** One of the engine's timers fired. */
  record TimerFired(RunTimer timer) implements RunEvent {}
}
