package io.svc4j.examples.hello.http;

import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.slf4j.MDC;

/**
 * The identity of one request, shared by every handler of the chain through a request attribute.
 *
 * @param requestId the caller's {@code X-Request-Id}, or one generated here
 * @param trace the W3C trace position of this server's work on the request
 */
public record RequestContext(String requestId, TraceContext trace) {

  static final String ATTRIBUTE = RequestContext.class.getName();

  /** MDC keys the JSON log encoder turns into fields of every line logged for the request. */
  public static final String MDC_TRACE_ID = "trace_id";

  public static final String MDC_REQUEST_ID = "request_id";

  /** The context that {@link RequestContextHandler} attached to the request. */
  public static RequestContext of(Request request) {
    Object value = request.getAttribute(ATTRIBUTE);
    if (value instanceof RequestContext ctx) {
      return ctx;
    }
    throw new IllegalStateException("RequestContextHandler is not in front of this handler");
  }

  /** Whether this thread's MDC holds this request's ids (the request's own thread, usually). */
  boolean isInMdc() {
    return trace.traceId().equals(MDC.get(MDC_TRACE_ID))
        && requestId.equals(MDC.get(MDC_REQUEST_ID));
  }

  /**
   * Runs {@code action} with this request's ids in the MDC. Work that completes on another thread
   * (timers, async I/O callbacks) uses it so its log lines still carry the trace id.
   */
  public void runWithMdc(Runnable action) {
    // Usually still on the request's own thread, where the ids are in the MDC already: copying
    // and restoring the whole map for every access-log line would be wasted work.
    if (isInMdc()) {
      action.run();
      return;
    }
    Map<String, String> previous = MDC.getCopyOfContextMap();
    MDC.put(MDC_TRACE_ID, trace.traceId());
    MDC.put(MDC_REQUEST_ID, requestId);
    try {
      action.run();
    } finally {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }
}
