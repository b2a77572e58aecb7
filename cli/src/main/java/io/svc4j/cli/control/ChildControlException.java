package io.svc4j.cli.control;

/**
 * A start, stop or restart of a supervised child that did not work (it ended instead of running,
 * the supervisor refused or stopped answering); one line on stderr and exit code 1.
 */
public final class ChildControlException extends RuntimeException {
  ChildControlException(String message) {
    super(message);
  }
}
