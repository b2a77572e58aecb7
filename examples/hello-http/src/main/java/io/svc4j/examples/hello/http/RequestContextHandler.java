package io.svc4j.examples.hello.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;

/**
 * First middleware: gives every request a request id ({@code X-Request-Id}, echoed when the caller
 * sent a sane one) and a trace position (continuing the caller's W3C {@code traceparent}, or
 * starting a trace), returns both as response headers and puts them into the SLF4J MDC while the
 * request is handled on this thread.
 */
public final class RequestContextHandler extends Handler.Wrapper {

  public static final String REQUEST_ID = "X-Request-Id";
  public static final String TRACEPARENT = "traceparent";

  // Looked up once (null: a header Jetty has no constant for), not for every response.
  private static final HttpHeader REQUEST_ID_HEADER = HttpHeader.CACHE.get(REQUEST_ID);
  private static final HttpHeader TRACEPARENT_HEADER = HttpHeader.CACHE.get(TRACEPARENT);

  // Echoing arbitrary header text into logs and responses invites log forging; keep ids boring.
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

  /**
   * A random version-4 UUID from the thread's fast generator. {@code UUID.randomUUID()} draws from
   * the shared SecureRandom, a measurable cost per request under load; a request id needs to be
   * unique, not unguessable (it is echoed to the client and grants nothing).
   */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }

  public RequestContextHandler(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String offered = request.getHeaders().get(REQUEST_ID);
    String requestId =
        offered != null && SANE_ID.matcher(offered).matches() ? offered : newRequestId();
    TraceContext trace =
        TraceContext.parse(request.getHeaders().get(TRACEPARENT))
            .map(TraceContext::child)
            .orElseGet(TraceContext::newRoot);
    request.setAttribute(RequestContext.ATTRIBUTE, new RequestContext(requestId, trace));
    // The first headers of the response: added, no earlier field of the same name to replace.
    response.getHeaders().add(new HttpField(REQUEST_ID_HEADER, REQUEST_ID, requestId));
    response.getHeaders().add(new HttpField(TRACEPARENT_HEADER, TRACEPARENT, trace.header()));
    MDC.put(RequestContext.MDC_TRACE_ID, trace.traceId());
    MDC.put(RequestContext.MDC_REQUEST_ID, requestId);
    try {
      return super.handle(request, response, callback);
    } finally {
      MDC.remove(RequestContext.MDC_TRACE_ID);
      MDC.remove(RequestContext.MDC_REQUEST_ID);
    }
  }
}
