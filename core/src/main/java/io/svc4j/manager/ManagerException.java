package io.svc4j.manager;

/**
 * A failure the user can act on. The message is one line that says what went wrong, where, and how
 * to fix it; the CLI prints it without a stack trace unless --verbose.
 */
public class ManagerException extends RuntimeException {

  private final int exitCode;

  public ManagerException(String message) {
    this(message, 1, null);
  }

  public ManagerException(String message, Throwable cause) {
    this(message, 1, cause);
  }

  public ManagerException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code the CLI should use. */
  public int exitCode() {
    return exitCode;
  }
}
