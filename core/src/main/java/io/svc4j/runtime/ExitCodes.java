package io.svc4j.runtime;

/**
 * Process exit codes of a hosted service. Distinct codes so that an operator reading {@code
 * systemctl status} or the SCM's exit code can tell what went wrong without the log.
 */
public final class ExitCodes {
  /** Stopped cleanly on request. */
  public static final int OK = 0;

  /** start() threw: the service never became ready. */
  public static final int START_FAILED = 1;

  /** Bad command line or configuration. */
  public static final int USAGE = 2;

  /** The service failed while running (fail() or a throwing stop()). */
  public static final int RUNTIME_FAILED = 3;

  /** stop() did not return within the stop deadline; the process was ended. */
  public static final int STOP_DEADLINE_EXCEEDED = 4;

  /**
   * start() did not finish within the start timeout the platform enforces (the Windows SCM runtime;
   * under systemd, TimeoutStartSec ends the process instead): start() was interrupted and stop()
   * ran.
   */
  public static final int START_TIMED_OUT = 5;

  /** A second interrupt (Ctrl+C) during stop: the operator asked to exit at once. */
  public static final int FORCED = 130;

  private ExitCodes() {}
}
