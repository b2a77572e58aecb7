package io.svc4j.examples.hello.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful-shutdown tracker: the server's stop waits until the requests it counts have
 * completed. A request that arrives after the stop began (on a keep-alive connection, or on one
 * accepted just before the listener stopped accepting) is still SERVED, counted like any other,
 * with {@code Connection: close} so that its connection ends with it: the instance can answer it,
 * and a 503 would be a failed request (under a restart with a handed-over socket nothing is even
 * unavailable). Only after the stop's drain budget ({@link #serveUntil}) does such a request get a
 * JSON 503 with {@code Connection: close}: work that begins then would be cut off by the stop. The
 * header is explicit because Jetty adds it by itself only once the connector shuts down.
 */
public final class DrainHandler extends GracefulHandler {

  /** Whether {@link #serveUntil} was called: without a drain budget late requests get the 503. */
  private volatile boolean serving;

  /** {@link System#nanoTime()} after which a late request gets the 503. */
  private volatile long deadline;

  public DrainHandler(Handler next) {
    super(next);
  }

  /**
   * Requests arriving after {@link #shutdown()} are served (with {@code Connection: close}) until
   * {@code nanoTime} ({@link System#nanoTime()} based); call it before {@link #shutdown()}.
   */
  public void serveUntil(long nanoTime) {
    deadline = nanoTime;
    serving = true;
  }

  @Override
  protected void handleShutdownRejection(Request request, Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    if (!serving || System.nanoTime() - deadline >= 0) {
      Json.sendError(request, response, callback, 503, "shutting down: retry on another instance");
      return;
    }
    // The callback is the tracker's: the stop waits for this request like for any other.
    try {
      Handler next = getHandler();
      if (next == null || !next.handle(request, response, callback)) {
        Json.sendError(request, response, callback, 404, "not found");
      }
    } catch (Throwable failure) {
      Response.writeError(request, response, callback, failure);
    }
  }
}
