package io.svc4j.supervisor.engine;

/**
 * The supervised child's state (supervisord's model). This table is the one description; the
 * engine, {@code svc4j status} and the docs follow it.
 *
 * <pre>
 * state     | meaning                                             | next states
 * ----------+-----------------------------------------------------+-------------------------------
 * STOPPED   | no child; initial, or after a requested stop        | STARTING
 * STARTING  | pre-start hook running, or launched and not ready   | RUNNING, BACKOFF, STOPPING,
 *           | yet: waiting for start-seconds of stable uptime,    | EXITED, FATAL
 *           | READY=1, or a passing health check                  |
 * RUNNING   | ready; watched by watchdog and health check          | BACKOFF, STOPPING, EXITED, FATAL
 * BACKOFF   | ended (crash, hang, unhealthy, start timeout); the  | STARTING, STOPPED
 *           | restart waits out its backoff delay                 |
 * STOPPING  | stop signal sent to the tree; SIGKILL after timeout | STOPPED (requested stop),
 *           | (also used when the supervisor restarts a hung or   | BACKOFF, EXITED, FATAL
 *           | unhealthy child: then it continues like an exit)    | (supervisor-initiated)
 * EXITED    | ended and the policy says not to restart (final     | STARTING (only on request)
 *           | until started again on request)                     |
 * FATAL     | the crash-loop limit was hit: N starts within the   | STARTING (only on request)
 *           | window and it ended badly again (or leftovers of a  |
 *           | previous instance with leftovers: fail); the        |
 *           | supervisor gives up and exits non-zero              |
 * </pre>
 *
 * A child is launched only in STARTING; in STOPPED, EXITED and FATAL no process of its tree is
 * left.
 */
public enum ChildState {
  STOPPED,
  STARTING,
  RUNNING,
  BACKOFF,
  STOPPING,
  EXITED,
  FATAL;

  /** Whether the engine may move from this state to {@code next}. */
  public boolean canMoveTo(ChildState next) {
    return switch (this) {
      case STOPPED, EXITED, FATAL -> next == STARTING;
      case STARTING ->
          next == RUNNING || next == BACKOFF || next == STOPPING || next == EXITED || next == FATAL;
      case RUNNING -> next == BACKOFF || next == STOPPING || next == EXITED || next == FATAL;
      case BACKOFF -> next == STARTING || next == STOPPED;
      case STOPPING -> next == STOPPED || next == BACKOFF || next == EXITED || next == FATAL;
    };
  }

  /** True when no process of the child's tree runs and none will be started by itself. */
  public boolean isFinal() {
    return this == STOPPED || this == EXITED || this == FATAL;
  }
}
