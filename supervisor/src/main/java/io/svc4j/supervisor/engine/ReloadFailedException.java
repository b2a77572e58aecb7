package io.svc4j.supervisor.engine;

/**
 * Why a reload did not reach the child: an expected outcome, so the host logs it as one line (the
 * trace only with --verbose) and keeps running.
 */
public final class ReloadFailedException extends io.svc4j.service.ServiceOutcomeException {
  public ReloadFailedException(String message) {
    super(message);
  }
}
