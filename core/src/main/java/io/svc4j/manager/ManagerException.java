package io.svc4j.manager;

/**
 * A failure the user can act on. The message is one line that says what went wrong, where, and how
 * to fix it; the CLI prints it without a stack trace unless --verbose.
 */
public class ManagerException extends RuntimeException {

  private final int exitCode;
  private final Refusal refusal;

  public ManagerException(String message) {
    this(message, 1, null);
  }

  public ManagerException(String message, Throwable cause) {
    this(message, 1, cause);
  }

  public ManagerException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.refusal = null;
  }

  /** A refusal given as data; the message is its plain {@link Refusal#describe() description}. */
  public ManagerException(Refusal refusal) {
    this(refusal, null);
  }

  public ManagerException(Refusal refusal, Throwable cause) {
    this(refusal, 1, cause);
  }

  public ManagerException(Refusal refusal, int exitCode, Throwable cause) {
    super(refusal.describe(), cause);
    this.exitCode = exitCode;
    this.refusal = refusal;
  }

  /** What was refused, as data, when the platform gave it so (a front end words the fix). */
  public java.util.Optional<Refusal> refusal() {
    return java.util.Optional.ofNullable(refusal);
  }

  /** The process exit code the CLI should use. */
  public int exitCode() {
    return exitCode;
  }
}
