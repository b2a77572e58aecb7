package io.svc4j.cli;

/** A command line that cannot work; reported as one line with exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
