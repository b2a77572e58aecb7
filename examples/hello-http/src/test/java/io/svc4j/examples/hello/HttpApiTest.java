package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static RunningService app;

  @BeforeAll
  static void start() {
    app = RunningService.start();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Test
  void routesWithPathParameters() throws Exception {
    var r = app.get("/api/hello/world");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("hello, world");
    var other = app.get("/api/hello/svc4j");
    assertThat(JSON.readTree(other.body()).get("message").asText()).isEqualTo("hello, svc4j");
    assertThat(app.get("/api/hello").statusCode()).isEqualTo(200);
    assertThat(app.get("/api/hello/a/b").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownPathIsJson404AndWrongMethodIs405WithAllow() throws Exception {
    var missing = app.get("/nope/at/all");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("/nope/at/all");

    var wrong = app.send("DELETE", "/api/hello/x", null);
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void headIsGetWithoutABody() throws Exception {
    var r = app.send("HEAD", "/healthz", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void echoesASaneRequestIdAndGeneratesOneOtherwise() throws Exception {
    var echoed = app.get("/healthz", "X-Request-Id", "abc-123");
    assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("abc-123");

    var generated = app.get("/healthz");
    var forged = app.get("/healthz", "X-Request-Id", "evil\"value with spaces");
    assertThat(generated.headers().firstValue("X-Request-Id").orElseThrow()).hasSize(36);
    assertThat(forged.headers().firstValue("X-Request-Id").orElseThrow())
        .hasSize(36)
        .doesNotContain("evil");
  }

  @Test
  void continuesTheCallersTraceWithANewSpan() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parent = "00-" + traceId + "-00f067aa0ba902b7-01";
    var r = app.get("/api/hello/trace", "traceparent", parent);
    String back = r.headers().firstValue("traceparent").orElseThrow();
    assertThat(back).matches("00-" + traceId + "-[0-9a-f]{16}-01").isNotEqualTo(parent);

    var fresh = app.get("/api/hello/trace", "traceparent", "garbage");
    assertThat(fresh.headers().firstValue("traceparent").orElseThrow())
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
        .doesNotContain(traceId);
  }

  @Test
  void itemsCrud() throws Exception {
    var created = app.send("POST", "/api/items", "{\"name\":\"milk\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode item = JSON.readTree(created.body());
    long id = item.get("id").asLong();
    assertThat(item.get("name").asText()).isEqualTo("milk");
    assertThat(item.get("done").asBoolean()).isFalse();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/items/" + id);

    assertThat(JSON.readTree(app.get("/api/items/" + id).body()).get("name").asText())
        .isEqualTo("milk");
    var list = JSON.readTree(app.get("/api/items").body()).get("items");
    assertThat(list.findValuesAsText("name")).contains("milk");

    var updated = app.send("PUT", "/api/items/" + id, "{\"name\":\"oat milk\",\"done\":true}");
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(updated.body()).get("done").asBoolean()).isTrue();

    assertThat(app.send("DELETE", "/api/items/" + id, null).statusCode()).isEqualTo(204);
    assertThat(app.get("/api/items/" + id).statusCode()).isEqualTo(404);
    assertThat(app.send("DELETE", "/api/items/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  void itemsRejectBadInputWithJsonErrors() throws Exception {
    var notJson = app.send("POST", "/api/items", "{nope");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).get("error").asText()).contains("not valid JSON");
    assertThat(app.send("POST", "/api/items", "{\"name\":\"  \"}").statusCode()).isEqualTo(400);
    assertThat(app.send("POST", "/api/items", "{\"name\":\"x\",\"extra\":1}").statusCode())
        .isEqualTo(400);
    assertThat(app.get("/api/items/abc").statusCode()).isEqualTo(400);
    String huge = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
    assertThat(app.send("POST", "/api/items", huge).statusCode()).isEqualTo(413);
  }

  @Test
  void slowAnswersAfterTheDelayAndValidatesIt() throws Exception {
    var r = app.get("/api/slow?ms=50");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("slept_ms").asLong()).isEqualTo(50);
    assertThat(app.get("/api/slow?ms=60001").statusCode()).isEqualTo(400);
    assertThat(app.get("/api/slow?ms=soon").statusCode()).isEqualTo(400);
  }

  @Test
  void healthAndReadinessWhileRunning() throws Exception {
    assertThat(app.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(app.controller.statusText()).startsWith("listening on http://127.0.0.1:");
    // Debug endpoints are off unless asked for.
    assertThat(app.send("POST", "/api/debug/hang", null).statusCode()).isEqualTo(404);
    assertThat(app.service.isAlive()).isTrue();
  }
}
