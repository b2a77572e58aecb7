package io.svc4j.examples.hello.http;

import io.svc4j.examples.hello.AuthToken;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Requires {@code Authorization: Bearer <token>} on {@code /api/*} when a token is configured. The
 * token is looked up per request so that a reload takes effect at once. Health endpoints and static
 * files stay open: service managers and load balancers probe them without credentials.
 */
public final class BearerAuthHandler extends Handler.Wrapper {

  private static final String REALM = "Bearer realm=\"hello-http\"";

  private final Supplier<Optional<AuthToken>> token;

  public BearerAuthHandler(Supplier<Optional<AuthToken>> token, Handler next) {
    super(next);
    this.token = token;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Optional<AuthToken> required = token.get();
    String path = Request.getPathInContext(request);
    if (required.isEmpty() || !(path.equals("/api") || path.startsWith("/api/"))) {
      return super.handle(request, response, callback);
    }
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, REALM);
      Json.sendError(request, response, callback, 401, "missing 'Authorization: Bearer <token>'");
      return true;
    }
    String presented =
        header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    if (!required.get().matches(presented)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, REALM + ", error=\"invalid_token\"");
      Json.sendError(request, response, callback, 401, "invalid bearer token");
      return true;
    }
    return super.handle(request, response, callback);
  }
}
