package io.svc4j.examples.hello.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful-shutdown tracker: the server's stop waits until the requests it counts have
 * completed. A request that arrives after the stop began (on an open connection, or on one still in
 * the accept queue when the stop began) gets a JSON 503 with {@code Connection: close}, like every
 * other error of this API; the stop calls {@link #shutdown()} before the listener closes, so the
 * header must be explicit (Jetty adds it by itself only once the connector shuts down).
 */
public final class DrainHandler extends GracefulHandler {

  public DrainHandler(Handler next) {
    super(next);
  }

  @Override
  protected void handleShutdownRejection(Request request, Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Json.sendError(request, response, callback, 503, "shutting down: retry on another instance");
  }
}
