package io.svc4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.svc4j.metrics.testing.Scrape;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceHost;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded host's metrics, scraped over a real socket and checked by promtool. */
class HostMetricsTest {

  /** A service that starts, reloads when asked and stops when the test says so. */
  static final class Probe implements Service, Reloadable {
    final CountDownLatch stop = new CountDownLatch(1);
    volatile ServiceContext ctx;

    @Override
    public void start(ServiceContext ctx) throws InterruptedException {
      this.ctx = ctx;
      Thread.sleep(50); // a start that takes measurable time
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  stop.await();
                } catch (InterruptedException e) {
                  return;
                }
                ctx.requestStop();
              });
    }

    @Override
    public void reload(ServiceContext ctx) {}

    @Override
    public void stop(ServiceContext ctx) {}
  }

  @Test
  void servesLifecycleJvmProcessAndBuildMetricsOnItsOwnPort() throws Exception {
    int port = freePort();
    Probe service = new Probe();
    var options = HostOptions.named("api").withExtension(HostMetrics.serve(port));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> ServiceHost.run(service, options));
    String url = "http://127.0.0.1:" + port + "/metrics";
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(java.net.ConnectException.class) // not listening yet
        .untilAsserted(
            () ->
                assertThat(Scrape.get(url).value("svc4j_service_state", "state", "RUNNING"))
                    .isEqualTo(1));
    Scrape s = Scrape.get(url);
    assertThat(s.value("svc4j_service_state", "service", "api", "state", "STARTING")).isZero();
    assertThat(
            s.value(
                "svc4j_service_transitions_total",
                "service",
                "api",
                "from",
                "STARTING",
                "to",
                "RUNNING"))
        .isEqualTo(1);
    assertThat(s.type("svc4j_service_transitions_total")).isEqualTo("counter");
    assertThat(s.type("svc4j_service_start_seconds")).isEqualTo("summary");
    assertThat(s.value("svc4j_service_start_seconds_count", "outcome", "ok")).isEqualTo(1);
    assertThat(s.value("svc4j_service_start_seconds_sum", "outcome", "ok")).isGreaterThan(0.04);
    // One process_* set, in base units, and the build info.
    assertThat(s.value("process_cpu_seconds_total")).isGreaterThan(0);
    assertThat(s.value("process_resident_memory_bytes")).isGreaterThan(1 << 20);
    assertThat(s.value("process_open_fds")).isGreaterThan(0);
    assertThat(s.value("process_start_time_seconds"))
        .isGreaterThan(System.currentTimeMillis() / 1000.0 - 3600);
    assertThat(s.find("process_cpu_usage")).isEmpty();
    assertThat(s.value("svc4j_build_info", "component", "host")).isEqualTo(1);
    assertThat(s.find("jvm_memory_used_bytes")).isNotEmpty();

    // Only GET/HEAD on /metrics is answered.
    try (HttpClient c = HttpClient.newHttpClient()) {
      var post =
          c.send(
              HttpRequest.newBuilder(URI.create(url))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      var other =
          c.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    }

    // Stopping the service closes the endpoint.
    service.stop.countDown();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThatThrownBy(
            () -> {
              try (HttpClient c = HttpClient.newHttpClient()) {
                c.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void answersOpenMetricsWhenAsked() throws Exception {
    int port = freePort();
    Probe service = new Probe();
    var options = HostOptions.named("om").withExtension(HostMetrics.serve(port));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> ServiceHost.run(service, options));
    try (HttpClient c = HttpClient.newHttpClient()) {
      var req =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .header("Accept", "application/openmetrics-text; version=1.0.0")
              .build();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                var r = c.send(req, HttpResponse.BodyHandlers.ofString());
                assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/openmetrics-text");
                assertThat(r.body()).contains("svc4j_service_state{").endsWith("# EOF\n");
              });
    } finally {
      service.stop.countDown();
      exit.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void contributesToTheApplicationsOwnRegistry() throws Exception {
    var appRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Probe service = new Probe();
    var options = HostOptions.named("app").withExtension(HostMetrics.into(appRegistry));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> ServiceHost.run(service, options));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.check(appRegistry.scrape())
                            .value("svc4j_service_state", "service", "app", "state", "RUNNING"))
                    .isEqualTo(1));
    service.stop.countDown();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    Scrape s = Scrape.check(appRegistry.scrape());
    assertThat(s.value("svc4j_service_state", "service", "app", "state", "STOPPED")).isEqualTo(1);
    assertThat(s.value("svc4j_service_stop_seconds_count", "service", "app", "outcome", "ok"))
        .isEqualTo(1);
    assertThat(s.value("svc4j_service_transitions_total", "from", "RUNNING", "to", "STOPPING"))
        .isEqualTo(1);
    assertThat(s.value("process_cpu_seconds_total")).isGreaterThan(0);
  }

  @Test
  void aTakenPortStopsTheStartWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Probe service = new Probe();
      var options =
          HostOptions.named("clash").withExtension(HostMetrics.serve(taken.getLocalPort()));
      assertThat(ServiceHost.run(service, options)).isEqualTo(io.svc4j.runtime.ExitCodes.USAGE);
      assertThat(service.ctx).as("the service never started").isNull();
    }
  }

  @Test
  void environmentSettingsAreCheckedWithOneLine() {
    var props = new Properties();
    assertThat(HostMetrics.fromSettings(java.util.Map.of(), props)).isEmpty();
    assertThat(HostMetrics.fromSettings(java.util.Map.of("SVC4J_METRICS_PORT", "9464"), props))
        .get()
        .satisfies(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
    assertThatThrownBy(
            () -> HostMetrics.fromSettings(java.util.Map.of("SVC4J_METRICS_PORT", "http"), props))
        .hasMessage("SVC4J_METRICS_PORT must be a port number from 0 to 65535, got 'http'");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
