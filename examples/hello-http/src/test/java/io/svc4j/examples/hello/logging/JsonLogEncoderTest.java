package io.svc4j.examples.hello.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogEncoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoggerContext context = new LoggerContext();

  private JsonLogEncoder encoder(String prefixPattern) {
    JsonLogEncoder e = new JsonLogEncoder();
    e.setContext(context);
    e.setService("configured-name");
    e.setPrefixPattern(prefixPattern);
    e.start();
    return e;
  }

  private LoggingEvent event(Level level, String message, Throwable error) {
    LoggingEvent ev =
        new LoggingEvent(
            "fqcn", context.getLogger("io.example.Thing"), level, message, error, new Object[0]);
    ev.setMDCPropertyMap(Map.of("trace_id", "abc123", "request_id", "r-1"));
    ev.addKeyValuePair(new org.slf4j.event.KeyValuePair("status", 201));
    ev.addKeyValuePair(new org.slf4j.event.KeyValuePair("ok", true));
    ev.addKeyValuePair(new org.slf4j.event.KeyValuePair("message", "clash"));
    return ev;
  }

  @Test
  void writesOneJsonObjectPerLineWithTheRequiredFields() throws Exception {
    String line =
        new String(
            encoder(null).encode(event(Level.WARN, "he said \"hi\"\nthen left", null)),
            StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n");
    assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("message").asText()).isEqualTo("he said \"hi\"\nthen left");
    assertThat(json.get("service").asText()).isEqualTo("configured-name");
    assertThat(json.get("trace_id").asText()).isEqualTo("abc123");
    assertThat(json.get("request_id").asText()).isEqualTo("r-1");
    assertThat(json.get("status").isInt()).isTrue();
    assertThat(json.get("ok").asBoolean()).isTrue();
    // A key-value pair cannot overwrite a core field.
    assertThat(json.get("kv_message").asText()).isEqualTo("clash");
  }

  @Test
  void theRunningServiceNameWinsOverTheConfiguredOne() throws Exception {
    context.putProperty("service", "installed-name");
    JsonNode json = JSON.readTree(encoder(null).encode(event(Level.INFO, "x", null)));
    assertThat(json.get("service").asText()).isEqualTo("installed-name");
  }

  @Test
  void errorsCarryTheirStackTrace() throws Exception {
    JsonNode json =
        JSON.readTree(
            encoder(null).encode(event(Level.ERROR, "boom", new IllegalStateException("bad"))));
    assertThat(json.get("error_class").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(json.get("stack_trace").asText()).contains("bad").contains("JsonLogEncoderTest");
  }

  @Test
  void aPrefixPatternIsWrittenBeforeTheObject() throws Exception {
    String line =
        new String(
            encoder("<%level> ").encode(event(Level.INFO, "x", null)), StandardCharsets.UTF_8);
    assertThat(line).startsWith("<INFO> {");
    assertThat(JSON.readTree(line.substring("<INFO> ".length())).get("message").asText())
        .isEqualTo("x");
  }

  /**
   * Each thread reuses one generator and buffer for its lines: every line stands alone (no
   * separator, nothing left of the line before), also after a line that failed half-way and when a
   * value being written logs a line of its own.
   */
  @Test
  void linesWrittenOneAfterAnotherOnOneThreadStandAlone() throws Exception {
    JsonLogEncoder encoder = encoder(null);
    for (int i = 0; i < 3; i++) {
      String line =
          new String(encoder.encode(event(Level.INFO, "n" + i, null)), StandardCharsets.UTF_8);
      assertThat(line).startsWith("{\"timestamp\":").endsWith("}\n");
      assertThat(JSON.readTree(line).get("message").asText()).isEqualTo("n" + i);
    }

    LoggingEvent broken = event(Level.INFO, "broken", null);
    broken.addKeyValuePair(
        new org.slf4j.event.KeyValuePair(
            "bad",
            new Object() {
              @Override
              public String toString() {
                throw new IllegalStateException("toString failed");
              }
            }));
    assertThatThrownBy(() -> encoder.encode(broken)).hasMessage("toString failed");
    String after =
        new String(encoder.encode(event(Level.INFO, "after", null)), StandardCharsets.UTF_8);
    assertThat(after).startsWith("{\"timestamp\":").doesNotContain("broken");
    assertThat(JSON.readTree(after).get("message").asText()).isEqualTo("after");

    String[] inner = new String[1];
    LoggingEvent outer = event(Level.INFO, "outer", null);
    outer.addKeyValuePair(
        new org.slf4j.event.KeyValuePair(
            "nested",
            new Object() {
              @Override
              public String toString() {
                inner[0] =
                    new String(
                        encoder.encode(event(Level.INFO, "inner", null)), StandardCharsets.UTF_8);
                return "value";
              }
            }));
    JsonNode outerLine = JSON.readTree(encoder.encode(outer));
    assertThat(outerLine.get("message").asText()).isEqualTo("outer");
    assertThat(outerLine.get("nested").asText()).isEqualTo("value");
    assertThat(JSON.readTree(inner[0]).get("message").asText()).isEqualTo("inner");
    assertThat(inner[0]).doesNotContain("outer");
  }

  @Test
  void aLongLineIsWrittenWholeAndTheNextOneIsShortAgain() throws Exception {
    JsonLogEncoder encoder = encoder(null);
    String big = "x".repeat(100_000);
    assertThat(JSON.readTree(encoder.encode(event(Level.INFO, big, null))).get("message").asText())
        .isEqualTo(big);
    byte[] small = encoder.encode(event(Level.INFO, "small", null));
    assertThat(small.length).isLessThan(400);
    assertThat(JSON.readTree(small).get("message").asText()).isEqualTo("small");
  }
}
