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
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (RunningService app = RunningService.start()) {
      var r =
          app.get(
              "/api/hello/logs",
              "traceparent",
              "00-" + traceId + "-b7ad6b7169203331-01",
              "X-Request-Id",
              "req-42");
      assertThat(r.statusCode()).isEqualTo(200);
    } finally {
      System.setOut(original);
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line)); // throws if any line is not JSON
      }
    }
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
}
