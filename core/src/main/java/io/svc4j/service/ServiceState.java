package io.svc4j.service;

/**
 * The lifecycle of a hosted service. This table is the single place where our states meet the
 * service managers' ones; backends translate with a switch over this enum and nothing else.
 *
 * <pre>
 * state      | meaning                         | systemd notify (Type=notify)      | Windows SCM status
 * -----------+---------------------------------+-----------------------------------+---------------------
 * STARTING   | start() running                 | (nothing; unit is "activating")   | START_PENDING
 * RUNNING    | start() returned: ready         | READY=1                           | RUNNING
 * PAUSING    | pause() running                 | STATUS=pausing                    | PAUSE_PENDING
 * PAUSED     | pause() returned                | STATUS=paused (unit stays active) | PAUSED
 * RESUMING   | resume() running                | STATUS=resuming                   | CONTINUE_PENDING
 * RELOADING  | reload() running                | RELOADING=1 + MONOTONIC_USEC      | RUNNING
 * STOPPING   | stop() running                  | STOPPING=1 ("deactivating")       | STOP_PENDING
 * STOPPED    | stop() returned                 | (process exits 0; "inactive")     | STOPPED, exit 0
 * FAILED     | start/stop threw, or fail()     | ERRNO=, exits non-zero ("failed") | STOPPED, service-specific exit code
 * </pre>
 *
 * Transitions (see {@link #canMoveTo}): STARTING → RUNNING; RUNNING ⇄ PAUSED through PAUSING and
 * RESUMING (a failed pause or resume returns to where it came from); RUNNING → RELOADING → RUNNING
 * (a failed reload keeps the old configuration); any live state → STOPPING → STOPPED; any live
 * state → FAILED when start or stop throws or the service calls fail(). STOPPED and FAILED are
 * terminal.
 */
public enum ServiceState {
  STARTING,
  RUNNING,
  PAUSING,
  PAUSED,
  RESUMING,
  RELOADING,
  STOPPING,
  STOPPED,
  FAILED;

  /** True for STOPPED and FAILED: nothing follows. */
  public boolean isTerminal() {
    return this == STOPPED || this == FAILED;
  }

  /** Whether the state machine allows going from this state to {@code next}. */
  public boolean canMoveTo(ServiceState next) {
    return switch (this) {
      case STARTING -> next == RUNNING || next == STOPPING || next == FAILED;
      case RUNNING -> next == PAUSING || next == RELOADING || next == STOPPING || next == FAILED;
      case PAUSING -> next == PAUSED || next == RUNNING || next == STOPPING || next == FAILED;
      case PAUSED -> next == RESUMING || next == STOPPING || next == FAILED;
      case RESUMING -> next == RUNNING || next == PAUSED || next == STOPPING || next == FAILED;
      case RELOADING -> next == RUNNING || next == STOPPING || next == FAILED;
      case STOPPING -> next == STOPPED || next == FAILED;
      case STOPPED, FAILED -> false;
    };
  }
}
