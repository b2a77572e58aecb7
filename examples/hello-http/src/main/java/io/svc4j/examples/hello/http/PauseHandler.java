package io.svc4j.examples.hello.http;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * While the service is paused (SCM PAUSE), answers every new request with a JSON 503, {@code
 * Retry-After} and {@code Connection: close}, so clients and load balancers go elsewhere and come
 * back later. Requests already past this handler are not touched: they finish. The probes stay open
 * ({@code /healthz} says alive, {@code /readyz} says not ready), because a paused service is
 * healthy but must not get traffic.
 */
public final class PauseHandler extends Handler.Wrapper {

  private final BooleanSupplier paused;
  private final String retryAfterSeconds;

  public PauseHandler(BooleanSupplier paused, Duration retryAfter, Handler next) {
    super(next);
    this.paused = paused;
    this.retryAfterSeconds = Long.toString(retryAfter.toSeconds());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!paused.getAsBoolean() || isProbe(Request.getPathInContext(request))) {
      return super.handle(request, response, callback);
    }
    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Json.sendError(request, response, callback, 503, "paused: retry later");
    return true;
  }

  private static boolean isProbe(String path) {
    return path.equals("/healthz") || path.equals("/readyz");
  }
}
