package io.svc4j.registry.http;

/** A request the API rejects with {@code status} and one line. */
final class BadRequest extends Exception {

  private static final long serialVersionUID = 1L;
  final int status;

  BadRequest(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  BadRequest(String message) {
    this(400, message);
  }
}
