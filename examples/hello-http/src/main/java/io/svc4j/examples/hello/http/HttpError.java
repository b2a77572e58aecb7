package io.svc4j.examples.hello.http;

/** Thrown by a route to answer with an error status and a JSON {@code {"error": message}} body. */
public final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
