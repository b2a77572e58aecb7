package io.svc4j.examples.hello.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the access-log line of one request (logger {@code access}). The ids on the line come from
 * the request's {@link RequestContext}, not from the MDC of whichever thread completes the
 * response: under Logback every line appended copies the thread's MDC map (in {@code
 * prepareForDeferredProcessing}), a copy per request that the access line does not need. So the
 * line's MDC is exactly the request's {@code trace_id} and {@code request_id}; application lines
 * still get their ids from the MDC, which {@link RequestContextHandler} keeps filled.
 *
 * <p>With Logback and no turbo filters (hello-http's own configuration) the event is built directly
 * after the same level check Logback makes; otherwise (turbo filters, another SLF4J binding)
 * through SLF4J's fluent API, with the ids put into the MDC around it.
 */
final class AccessLogger {

  private static final String NAME = "access";
  private static final String FQCN = AccessLogger.class.getName();

  private final Logger log = LoggerFactory.getLogger(NAME);

  /**
   * @param message the human-readable summary ({@code GET /api/hello 200 1ms})
   * @param fields the line's key-value pairs, in order
   * @param context the request's ids, or null when no {@link RequestContextHandler} ran
   */
  void write(String message, List<KeyValuePair> fields, RequestContext context) {
    if (context != null
        && log instanceof ch.qos.logback.classic.Logger logback
        && logback.getLoggerContext().getTurboFilterList().isEmpty()) {
      if (!logback.isEnabledFor(Level.INFO)) {
        return;
      }
      LoggingEvent event = new LoggingEvent(FQCN, logback, Level.INFO, message, null, null);
      event.setKeyValuePairs(fields);
      event.setMDCPropertyMap(
          Map.of(
              RequestContext.MDC_TRACE_ID,
              context.trace().traceId(),
              RequestContext.MDC_REQUEST_ID,
              context.requestId()));
      logback.callAppenders(event);
      return;
    }
    Runnable line =
        () -> {
          LoggingEventBuilder builder = log.atInfo().setMessage(message);
          for (KeyValuePair field : fields) {
            builder = builder.addKeyValue(field.key, field.value);
          }
          builder.log();
        };
    if (context != null) {
      context.runWithMdc(line);
    } else {
      line.run();
    }
  }

  /** The key-value pairs of a line, in the given order. */
  static List<KeyValuePair> fields(KeyValuePair... pairs) {
    return Arrays.asList(pairs);
  }
}
