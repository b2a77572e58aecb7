package io.svc4j.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.metrics.testing.Scrape;
import io.svc4j.registry.testing.RunningRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's /metrics after real events over a real socket: a registration, a heartbeat, a
 * watcher, and an instance whose lease ran out and was evicted; each scrape checked by promtool.
 */
class RegistryMetricsTest {

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

  private int put(String path, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private Scrape scrape() throws Exception {
    return Scrape.get(base.resolve("metrics").toString());
  }

  @Test
  void instancesHeartbeatsWatchersAndARealEviction() throws Exception {
    Scrape empty = scrape();
    assertThat(empty.valueOrZero("svc4j_registry_evictions_total", "service", "api")).isZero();
    assertThat(empty.value("svc4j_registry_watchers", "kind", "stream")).isZero();
    assertThat(empty.value("svc4j_build_info", "component", "registry")).isEqualTo(1);
    assertThat(empty.value("process_resident_memory_bytes")).isPositive();

    assertThat(put("v1/services/api/instances/a1", "{\"ttlSeconds\":2,\"heartbeatSeconds\":1}"))
        .isEqualTo(200);
    assertThat(put("v1/services/api/instances/a1/heartbeat", "{\"status\":\"UP\"}")).isEqualTo(200);
    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(base.resolve("v1/events?service=api")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);

    Scrape live = scrape();
    assertThat(live.value("svc4j_registry_instances", "service", "api", "status", "UP"))
        .isEqualTo(1);
    assertThat(live.value("svc4j_registry_registrations_total")).isEqualTo(1);
    assertThat(live.value("svc4j_registry_heartbeats_total")).isEqualTo(1);
    assertThat(live.value("svc4j_registry_watchers", "kind", "stream")).isEqualTo(1);
    assertThat(live.type("svc4j_registry_lease_lag_seconds")).isEqualTo("gauge");

    // The watcher leaves; the server notices when a write to it fails: the eviction's event or, at
    // the latest, the keepalive 15 s later.
    stream.body().close();
    // No more heartbeats: the lease runs out and the instance is evicted.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scrape().valueOrZero("svc4j_registry_evictions_total", "service", "api"))
                    .isEqualTo(1));
    Scrape after = scrape();
    assertThat(after.find("svc4j_registry_instances", "service", "api")).isEmpty();
    assertThat(after.value("svc4j_registry_eviction_lag_seconds_count")).isEqualTo(1);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(scrape().value("svc4j_registry_watchers", "kind", "stream")).isZero());
  }
}
