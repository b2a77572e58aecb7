package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The logging configuration shipped in the jar (HelloLogging): every line on stdout is JSON,
 * request lines carry ids.
 */
class ShippedLoggingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void requestLinesAreJsonWithTheCallersTraceId() throws Exception {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    List<JsonNode> lines =
        logLinesOf(
            app -> {
              var r =
                  app.get(
                      "/api/hello/logs",
                      "traceparent",
                      "00-" + traceId + "-b7ad6b7169203331-01",
                      "X-Request-Id",
                      "req-42");
              assertThat(r.statusCode()).isEqualTo(200);
            });
    assertThat(lines).isNotEmpty();
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l.hasNonNull("timestamp")).isTrue();
              assertThat(l.hasNonNull("level")).isTrue();
              assertThat(l.hasNonNull("message")).isTrue();
              assertThat(l.get("service").asText()).isEqualTo("hello-test");
            });
    // The route's own line (logged on the request thread) and the access line both carry ids.
    assertThat(lines)
        .filteredOn(l -> l.path("message").asText().equals("greeting logs"))
        .singleElement()
        .satisfies(l -> assertThat(l.get("trace_id").asText()).isEqualTo(traceId));
    assertThat(lines)
        .filteredOn(l -> l.path("logger").asText().equals("access"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.get("trace_id").asText()).isEqualTo(traceId);
              assertThat(l.get("request_id").asText()).isEqualTo("req-42");
              assertThat(l.get("method").asText()).isEqualTo("GET");
              assertThat(l.get("path").asText()).isEqualTo("/api/hello/logs");
              assertThat(l.get("status").asInt()).isEqualTo(200);
              assertThat(l.get("duration_ms").isIntegralNumber()).isTrue();
            });
  }

  /**
   * The access line's fields in the documented order, the ids included, also when the response
   * completes on a timer thread rather than the request's own (/api/slow), where the ids are not in
   * that thread's MDC; and the timer thread's MDC is left as it was found.
   */
  @Test
  void theAccessLineHasItsFieldsInOrderWhicheverThreadCompletesTheResponse() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    List<JsonNode> lines =
        logLinesOf(
            app -> {
              for (String path : List.of("/api/hello", "/api/slow?ms=20", "/api/hello")) {
                var r =
                    app.get(
                        path,
                        "traceparent",
                        "00-" + traceId + "-00f067aa0ba902b7-01",
                        "X-Request-Id",
                        "req-" + path.length());
                assertThat(r.statusCode()).isEqualTo(200);
              }
            });
    List<JsonNode> access =
        lines.stream().filter(l -> l.path("logger").asText().equals("access")).toList();
    assertThat(access).hasSize(3);
    for (JsonNode l : access) {
      List<String> names = new ArrayList<>();
      l.fieldNames().forEachRemaining(names::add);
      assertThat(names)
          .containsExactly(
              "timestamp",
              "level",
              "logger",
              "thread",
              "message",
              "service",
              "trace_id",
              "request_id",
              "method",
              "path",
              "status",
              "duration_ms",
              "bytes",
              "remote");
      assertThat(l.get("trace_id").asText()).isEqualTo(traceId);
      assertThat(l.get("timestamp").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3,9})?Z");
      assertThat(l.get("remote").asText()).isEqualTo("127.0.0.1");
      assertThat(l.get("bytes").asLong()).isPositive();
    }
    JsonNode slow = access.get(1);
    assertThat(slow.get("path").asText()).isEqualTo("/api/slow"); // never the query
    assertThat(slow.get("request_id").asText()).isEqualTo("req-15");
    assertThat(slow.get("message").asText()).matches("GET /api/slow 200 \\d+ms");
    assertThat(access.get(2).get("request_id").asText()).isEqualTo("req-10");
    // No line, on any thread, carries the ids of a request other than its own.
    assertThat(lines)
        .filteredOn(l -> !l.path("logger").asText().equals("access"))
        .allSatisfy(l -> assertThat(l.has("request_id")).isFalse());
  }

  private interface Requests {
    void send(RunningService app) throws Exception;
  }

  private static List<JsonNode> logLinesOf(Requests requests) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (RunningService app = RunningService.start()) {
      requests.send(app);
    } finally {
      System.setOut(original);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line)); // throws if any line is not JSON
      }
    }
    return lines;
  }
}
