package io.svc4j.registry.client;

import java.io.IOException;

/** The registry answered with an error, or could not be reached. */
public final class RegistryException extends IOException {

  private static final long serialVersionUID = 1L;

  /** HTTP status, or 0 when no answer arrived. */
  private final int status;

  public RegistryException(int status, String message) {
    super(message);
    this.status = status;
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  public int status() {
    return status;
  }

  /** True when the registry answered (as opposed to being unreachable). */
  public boolean answered() {
    return status != 0;
  }
}
