package io.svc4j.registry.engine;

/** The store could not do it now (its backend is unreachable): the API answers 503. */
public final class StoreException extends Exception {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
