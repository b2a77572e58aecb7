package io.svc4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.svc4j.metrics.testing.Scrape;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reload and failed-start timings, driven through core's real controller. */
class ServiceMetersTest {

  @Test
  void reloadIsTimedAndAFailedStartIsCountedAsFailed() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var reloads =
        new ServiceController(
            new ReloadingService(), HostOptions.named("r").withStopDeadline(Duration.ofSeconds(5)));
    var meters = new ServiceMeters("r");
    meters.bindTo(registry);
    reloads.addListener(meters);
    reloads.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> reloads.state() == ServiceState.RUNNING);
    assertThat(reloads.requestReload()).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        Scrape.check(registry.scrape())
                            .value("svc4j_service_reload_seconds_count", "outcome", "ok"))
                    .isEqualTo(1));
    Scrape s = Scrape.check(registry.scrape());
    assertThat(s.value("svc4j_service_reload_seconds_sum", "outcome", "ok")).isGreaterThan(0.02);
    assertThat(s.value("svc4j_service_transitions_total", "from", "RELOADING", "to", "RUNNING"))
        .isEqualTo(1);
    reloads.requestStop();
    reloads.awaitTermination();

    var failing = new ServiceController(new FailingService(), HostOptions.named("f"));
    var failMeters = new ServiceMeters("f");
    failMeters.bindTo(registry);
    failing.addListener(failMeters);
    failing.start();
    failing.awaitTermination();
    s = Scrape.check(registry.scrape());
    assertThat(s.value("svc4j_service_start_seconds_count", "service", "f", "outcome", "failed"))
        .isEqualTo(1);
    assertThat(s.value("svc4j_service_state", "service", "f", "state", "FAILED")).isEqualTo(1);
  }

  static final class ReloadingService implements Service, Reloadable {
    @Override
    public void start(ServiceContext ctx) {}

    @Override
    public void reload(ServiceContext ctx) throws InterruptedException {
      Thread.sleep(30);
    }

    @Override
    public void stop(ServiceContext ctx) {}
  }

  static final class FailingService implements Service {
    @Override
    public void start(ServiceContext ctx) {
      throw new IllegalStateException("no config");
    }

    @Override
    public void stop(ServiceContext ctx) {}
  }
}
