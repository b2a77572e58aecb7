package io.svc4j.examples.hello.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * The access line carries the request's ids from its context, not from the thread's MDC, on both of
 * its paths (the direct Logback event, and SLF4J's fluent API when turbo filters are configured),
 * and Logback's level and turbo filters decide as for any other line.
 */
class AccessLoggerTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger access = context.getLogger("access");
  // Freezes each event's MDC as it is appended, as Logback's output and async appenders do.
  private final ListAppender<ILoggingEvent> lines =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };
  private final List<String> consulted = new ArrayList<>();
  private Level levelBefore;

  private final RequestContext request =
      new RequestContext(
          "req-7",
          TraceContext.parse("00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01").orElseThrow());

  @BeforeEach
  void capture() {
    lines.setContext(context);
    lines.start();
    access.addAppender(lines);
    access.setAdditive(false);
    levelBefore = access.getLevel();
  }

  @AfterEach
  void restore() {
    access.detachAppender(lines);
    access.setAdditive(true);
    access.setLevel(levelBefore);
    context.resetTurboFilterList();
    MDC.clear();
  }

  private void writeLine() {
    new AccessLogger()
        .write(
            "GET /x 200 1ms",
            AccessLogger.fields(
                new KeyValuePair("method", "GET"),
                new KeyValuePair("status", 200),
                new KeyValuePair("error", null)),
            request);
  }

  private void assertOneLineWithTheRequestsIds() {
    assertThat(lines.list).hasSize(1);
    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.INFO);
    assertThat(line.getLoggerName()).isEqualTo("access");
    assertThat(line.getFormattedMessage()).isEqualTo("GET /x 200 1ms");
    assertThat(line.getMDCPropertyMap())
        .isEqualTo(Map.of("trace_id", "a".repeat(32), "request_id", "req-7"));
    assertThat(line.getKeyValuePairs())
        .extracting(kv -> kv.key)
        .containsExactly("method", "status", "error");
    assertThat(line.getKeyValuePairs().get(1).value).isEqualTo(200);
  }

  @Test
  void theIdsComeFromTheRequestNotFromTheThread() {
    MDC.put("trace_id", "another-request");
    MDC.put("request_id", "another-id");
    writeLine();
    assertOneLineWithTheRequestsIds();
    assertThat(MDC.get("request_id")).isEqualTo("another-id"); // the thread's MDC is untouched
  }

  @Test
  void theLevelStillDecides() {
    access.setLevel(Level.WARN);
    writeLine();
    assertThat(lines.list).isEmpty();
  }

  @Test
  void withTurboFiltersTheLineGoesThroughThemWithTheSameContent() {
    context.addTurboFilter(
        new TurboFilter() {
          @Override
          public FilterReply decide(
              Marker marker,
              Logger logger,
              Level level,
              String format,
              Object[] params,
              Throwable t) {
            if (logger == access) {
              consulted.add(format);
            }
            return FilterReply.NEUTRAL;
          }
        });
    writeLine();
    assertOneLineWithTheRequestsIds();
    assertThat(consulted).isNotEmpty();
    assertThat(MDC.get("request_id")).isNull(); // put around the line only

    lines.list.clear();
    context.resetTurboFilterList();
    context.addTurboFilter(
        new TurboFilter() {
          @Override
          public FilterReply decide(
              Marker marker,
              Logger logger,
              Level level,
              String format,
              Object[] params,
              Throwable t) {
            return logger == access ? FilterReply.DENY : FilterReply.NEUTRAL;
          }
        });
    writeLine();
    assertThat(lines.list).isEmpty();
  }
}
