package io.svc4j.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.Wire;
import io.svc4j.registry.testing.RunningRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API over a real socket: the lifecycle of an instance, watches, metrics. */
class RegistryApiTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private RunningRegistry registry;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    registry = RunningRegistry.loopback();
    base = URI.create(registry.url() + "/");
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Wire.mapper().readTree(r.body());
  }

  @Test
  void registerHeartbeatListEvictAnd404() throws Exception {
    var reg =
        call(
            "PUT",
            "v1/services/api/instances/a1",
            "{\"address\":\"10.0.0.5\",\"port\":8080,\"metadata\":{\"zone\":\"z1\"},\"ttlSeconds\":2,\"heartbeatSeconds\":1}");
    assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
    var beat =
        call(
            "PUT",
            "v1/services/api/instances/a1/heartbeat",
            "{\"status\":\"UP\",\"cpu\":0.25,\"rssBytes\":123456,\"text\":\"serving\"}");
    long lastBeat = System.nanoTime();
    assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);

    var list = call("GET", "v1/services/api", null);
    JsonNode one = json(list).get("instances").get(0);
    assertThat(one.get("address").asText()).isEqualTo("10.0.0.5");
    assertThat(one.get("status").asText()).isEqualTo("UP");
    assertThat(one.get("cpu").asDouble()).isEqualTo(0.25);
    assertThat(one.get("rssBytes").asLong()).isEqualTo(123456);
    assertThat(one.get("metadata").get("zone").asText()).isEqualTo("z1");
    assertThat(list.headers().firstValue(Wire.INDEX_HEADER)).isPresent();
    assertThat(
            json(call("GET", "v1/services", null))
                .get("services")
                .get(0)
                .get("byStatus")
                .get("UP")
                .asInt())
        .isEqualTo(1);
    assertThat(json(call("GET", "v1/services/api?status=DRAINING", null)).get("instances"))
        .isEmpty();

    await()
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> json(call("GET", "v1/services/api", null)).get("instances").isEmpty());
    long gone = System.nanoTime() - lastBeat;
    assertThat(Duration.ofNanos(gone))
        .as("evicted within TTL + 1 s")
        .isLessThan(Duration.ofSeconds(3))
        .isGreaterThan(Duration.ofMillis(1900));

    var late = call("PUT", "v1/services/api/instances/a1/heartbeat", "{\"status\":\"UP\"}");
    assertThat(late.statusCode()).isEqualTo(404);
    assertThat(json(late).get("error").asText()).contains("register it again");
    assertThat(
            call("PUT", "v1/services/api/instances/a1", "{\"ttlSeconds\":2,\"heartbeatSeconds\":1}")
                .statusCode())
        .isEqualTo(200);
    assertThat(call("DELETE", "v1/services/api/instances/a1", null).statusCode()).isEqualTo(200);
    assertThat(call("DELETE", "v1/services/api/instances/a1", null).statusCode()).isEqualTo(404);
  }

  /** The client's discovery watch: the instances now, then after every change, until closed. */
  @Test
  void theClientsWatchDeliversTheInstancesAfterEveryChange() throws Exception {
    var client = registry.client();
    List<List<String>> seen = new CopyOnWriteArrayList<>();
    try (var watch =
        client.watch(
            "watched",
            now ->
                seen.add(now.instances().stream().map(i -> i.id() + " " + i.status()).toList()))) {
      awaitLast(seen, List.of());
      client.register("watched", "w1", new Registration("127.0.0.1", 1, Map.of(), 30, 10));
      awaitLast(seen, List.of("w1 STARTING"));
      client.heartbeat("watched", "w1", new Heartbeat("DRAINING", null, null, ""));
      awaitLast(seen, List.of("w1 DRAINING"));
      client.deregister("watched", "w1");
      awaitLast(seen, List.of());
      assertThat(seen)
          .as("every change once, in order")
          .containsExactly(List.of(), List.of("w1 STARTING"), List.of("w1 DRAINING"), List.of());
    }
  }

  private static void awaitLast(List<List<String>> seen, List<String> wanted) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(wanted));
  }

  @Test
  void blockingQueryWaitsForTheNextChangeAndCarriesTheIndex() throws Exception {
    var first = call("GET", "v1/services/web", null);
    long index = Long.parseLong(first.headers().firstValue(Wire.INDEX_HEADER).orElseThrow());
    long t0 = System.nanoTime();
    CompletableFuture<HttpResponse<String>> waiting =
        http.sendAsync(
            HttpRequest.newBuilder(base.resolve("v1/services/web?index=" + index + "&wait=20s"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(
        300); // the query must be parked before the change; a change before it would also answer
    assertThat(waiting).isNotDone();
    call("PUT", "v1/services/web/instances/w1", "{}");
    HttpResponse<String> r = waiting.get();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(json(r).get("instances").get(0).get("id").asText()).isEqualTo("w1");
    assertThat(Long.parseLong(r.headers().firstValue(Wire.INDEX_HEADER).orElseThrow()))
        .isGreaterThan(index);

    // With nothing changing, the wait times out and answers the same index.
    long now = json(r).get("index").asLong();
    long t1 = System.nanoTime();
    var idle = call("GET", "v1/services/web?index=" + now + "&wait=700ms", null);
    assertThat(Duration.ofNanos(System.nanoTime() - t1))
        .isGreaterThanOrEqualTo(Duration.ofMillis(650));
    assertThat(json(idle).get("index").asLong()).isEqualTo(now);
  }

  @Test
  void eventStreamDeliversChangesAndResumesFromLastEventId() throws Exception {
    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(base.resolve("v1/events?service=ev")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                      lines.add(line);
                    }
                  } catch (Exception e) {
                    // closed at the end of the test
                  }
                });
    call("PUT", "v1/services/other/instances/x", "{}");
    call("PUT", "v1/services/ev/instances/e1", "{}");
    call("PUT", "v1/services/ev/instances/e1/heartbeat", "{\"status\":\"DRAINING\"}");
    call("DELETE", "v1/services/ev/instances/e1", null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lines)
                    .filteredOn(l -> l.startsWith("event: "))
                    .containsExactly("event: register", "event: status", "event: deregister"));
    assertThat(lines).noneMatch(l -> l.contains("\"other\""));
    String firstId =
        lines.stream().filter(l -> l.startsWith("id: ")).findFirst().orElseThrow().substring(4);
    stream.body().close();
    reader.interrupt();

    // Resume after the first event: the two later ones come again, nothing else.
    HttpResponse<InputStream> resumed =
        http.send(
            HttpRequest.newBuilder(base.resolve("v1/events?service=ev"))
                .header("Last-Event-ID", firstId)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8));
    List<String> events = new java.util.ArrayList<>();
    while (events.size() < 2) {
      String line = in.readLine();
      if (line.startsWith("event: ")) {
        events.add(line);
      }
    }
    assertThat(events).containsExactly("event: status", "event: deregister");
    resumed.body().close();
  }

  @Test
  void healthReadinessAndPrometheusMetrics() throws Exception {
    assertThat(call("GET", "healthz", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "readyz", null).statusCode()).isEqualTo(200);
    call("PUT", "v1/services/api/instances/a", "{}");
    call("PUT", "v1/services/api/instances/a/heartbeat", "{\"status\":\"UP\"}");
    var m = call("GET", "metrics", null);
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(m.body())
        .contains("svc4j_registry_instances{service=\"api\",status=\"UP\"} 1.0")
        .contains("svc4j_registry_heartbeats_total 1.0")
        .contains("svc4j_registry_lease_lag_seconds")
        .contains("svc4j_registry_eviction_lag_seconds");
    // The status line is refreshed every 5 s.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(registry.status()).contains("1 instances in 1 services"));
  }
}
