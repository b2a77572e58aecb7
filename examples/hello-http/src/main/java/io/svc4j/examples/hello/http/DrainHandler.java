package io.svc4j.examples.hello.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful-shutdown tracker: the server's stop waits until the requests it counts have
 * completed. A request that arrives on an already open connection after the stop began gets a JSON
 * 503 (the connection then closes), like every other error of this API.
 */
public final class DrainHandler extends GracefulHandler {

  public DrainHandler(Handler next) {
    super(next);
  }

  @Override
  protected void handleShutdownRejection(Request request, Response response, Callback callback) {
    Json.sendError(request, response, callback, 503, "shutting down: retry on another instance");
  }
}
