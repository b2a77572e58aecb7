package io.svc4j.cli;

/** A command line that cannot work; reported as one line with exit code 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
