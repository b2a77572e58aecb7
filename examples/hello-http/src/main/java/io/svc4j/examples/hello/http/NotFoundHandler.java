package io.svc4j.examples.hello.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Last handler: a JSON 404 instead of Jetty's HTML error page. */
public final class NotFoundHandler extends Handler.Abstract.NonBlocking {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Json.sendError(
        request,
        response,
        callback,
        404,
        "nothing at " + request.getMethod() + " " + Request.getPathInContext(request));
    return true;
  }
}
