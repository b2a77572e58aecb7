package io.svc4j.windows;

import io.svc4j.service.ServiceState;

/**
 * Translates svc4j lifecycle states into what a service reports to the SCM. The table in {@link
 * ServiceState}'s javadoc is the source; {@link #of} is its one switch.
 */
public final class ScmStates {
  private ScmStates() {}

  /** The SCM dwCurrentState for a lifecycle state. */
  public static int of(ServiceState state) {
    return switch (state) {
      case STARTING -> Scm.START_PENDING;
      case RUNNING, RELOADING -> Scm.RUNNING;
      case PAUSING -> Scm.PAUSE_PENDING;
      case PAUSED -> Scm.PAUSED;
      case RESUMING -> Scm.CONTINUE_PENDING;
      case STOPPING -> Scm.STOP_PENDING;
      case STOPPED, FAILED -> Scm.STOPPED;
    };
  }

  /** Pending states must be reported with a growing CheckPoint and a WaitHint. */
  public static boolean isPending(int scmState) {
    return scmState == Scm.START_PENDING
        || scmState == Scm.STOP_PENDING
        || scmState == Scm.PAUSE_PENDING
        || scmState == Scm.CONTINUE_PENDING;
  }

  /**
   * The controls a service accepts in a state. Nothing while starting except STOP, so that a slow
   * start can still be cancelled (svc4j's controller interrupts start()); nothing once stopping.
   * PAUSE/CONTINUE only for services that implement pause, PARAMCHANGE only for reloadable ones.
   *
   * @param preshutdown the service opted in to PRESHUTDOWN; then SHUTDOWN is not accepted, since
   *     the SCM sends PRESHUTDOWN first and a stopped service gets no SHUTDOWN anyway
   */
  public static int controlsAccepted(
      ServiceState state, boolean pausable, boolean reloadable, boolean preshutdown) {
    int shutdown = preshutdown ? Scm.ACCEPT_PRESHUTDOWN : Scm.ACCEPT_SHUTDOWN;
    int pause = pausable ? Scm.ACCEPT_PAUSE_CONTINUE : 0;
    int reload = reloadable ? Scm.ACCEPT_PARAMCHANGE : 0;
    return switch (state) {
      case STARTING -> Scm.ACCEPT_STOP | shutdown;
      case RUNNING, PAUSED -> Scm.ACCEPT_STOP | shutdown | pause | reload;
      case PAUSING, RESUMING, RELOADING -> Scm.ACCEPT_STOP | shutdown;
      case STOPPING, STOPPED, FAILED -> 0;
    };
  }
}
