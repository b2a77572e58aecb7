package io.svc4j.service;

/**
 * A failure that is an expected outcome rather than a defect: the service decided, by its own
 * policy, that it cannot go on (a supervised child exited and must not be restarted, a crash loop
 * was given up). The host logs its message as one line; the stack trace says nothing an operator
 * needs, so it appears only at debug level ({@code --verbose}).
 *
 * <p>Throw it from {@link Service#start} or pass it to {@link ServiceContext#fail}; the exit code
 * is the same as for any other failure there.
 */
public class ServiceOutcomeException extends Exception {

  private static final long serialVersionUID = 1L;

  public ServiceOutcomeException(String message) {
    super(message);
  }
}
