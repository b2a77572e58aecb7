package io.svc4j.examples.hello.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes by method and path pattern ({@code GET /api/items/{id}}) in registration order. A path
 * that matches some route but not its method gets 405 with {@code Allow}; a path that matches no
 * route is left to the next handler (static files, then 404).
 */
public final class Router extends Handler.Abstract {

  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private record Route(String method, PathPattern pattern, RouteHandler handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  public Router route(String method, String pattern, RouteHandler handler) {
    routes.add(new Route(method, PathPattern.compile(pattern), handler));
    return this;
  }

  public Router get(String pattern, RouteHandler handler) {
    return route("GET", pattern, handler);
  }

  public Router post(String pattern, RouteHandler handler) {
    return route("POST", pattern, handler);
  }

  public Router put(String pattern, RouteHandler handler) {
    return route("PUT", pattern, handler);
  }

  public Router delete(String pattern, RouteHandler handler) {
    return route("DELETE", pattern, handler);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    // HEAD is GET without a body; Jetty drops the body for HEAD responses.
    String lookup = method.equals("HEAD") ? "GET" : method;
    List<String> allowed = null;
    for (Route route : routes) {
      Map<String, String> params = route.pattern().matchOrNull(path);
      if (params == null) {
        continue;
      }
      if (!route.method().equals(lookup)) {
        if (allowed == null) {
          allowed = new ArrayList<>();
        }
        allowed.add(route.method());
        continue;
      }
      invoke(route, new Exchange(request, response, callback, params));
      return true;
    }
    if (allowed == null) {
      return false;
    }
    TreeSet<String> allow = new TreeSet<>(allowed);
    if (allow.contains("GET")) {
      allow.add("HEAD");
    }
    response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allow));
    Json.sendError(request, response, callback, 405, method + " is not allowed on " + path);
    return true;
  }

  private static void invoke(Route route, Exchange exchange) {
    try {
      route.handler().handle(exchange);
    } catch (HttpError e) {
      exchange.sendError(e.status(), e.getMessage());
    } catch (Exception e) {
      log.error("{} {} failed: {}", route.method(), route.pattern(), e.toString(), e);
      exchange.sendError(
          500,
          "internal error; see the server log for request id " + exchange.context().requestId());
    }
  }
}
