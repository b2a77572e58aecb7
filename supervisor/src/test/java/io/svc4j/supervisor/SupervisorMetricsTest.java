package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.metrics.testing.Scrape;
import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.MetricsSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.ChildState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor's metrics after real events: a real child killed, an operator's restart through the
 * control channel, a real health check failing; scraped over HTTP and through the control channel,
 * each scrape checked by promtool.
 */
class SupervisorMetricsTest {

  @TempDir Path tmp;

  @Test
  void aKilledChildCountsOneCrashAndAnOperatorRestartOneOperatorRestart() throws Exception {
    int port = freePort();
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ALWAYS)
                        .withBackoff(Backoff.fixed(Duration.ofMillis(200))))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(tmp.resolve("logs")));
    SupervisorConfig config =
        options
            .apply(SupervisorConfig.of("web", Procs.sh("echo started; exec sleep 600")))
            .withMetrics(new MetricsSettings(null, port));
    String url = "http://127.0.0.1:" + port + "/metrics";
    Path socket = tmp.resolve("control.sock");
    try (var supervisor = Supervisor.of(config)) {
      supervisor.serveControl(socket);
      assertThat(supervisor.metrics().serveConfigured()).isTrue();
      assertThat(supervisor.metrics().address().getAddress().isLoopbackAddress())
          .as("metrics: without bind listens on loopback only")
          .isTrue();
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          Scrape.get(url)
                              .value(
                                  "svc4j_supervisor_log_written_lines_total", "stream", "stdout"))
                      .isEqualTo(1));
      Scrape before = Scrape.get(url);
      assertThat(before.value("svc4j_supervisor_child_up", "service", "web")).isEqualTo(1);
      assertThat(before.value("svc4j_supervisor_child_state", "state", "RUNNING")).isEqualTo(1);
      assertThat(before.value("svc4j_supervisor_starts_total", "cause", "initial")).isEqualTo(1);
      assertThat(before.valueOrZero("svc4j_supervisor_restarts_total", "cause", "crash")).isZero();
      assertThat(before.value("svc4j_supervisor_log_written_bytes_total", "stream", "stdout"))
          .isEqualTo("started\n".length());
      assertThat(before.value("svc4j_supervisor_child_resident_memory_bytes")).isPositive();
      assertThat(before.value("svc4j_supervisor_child_processes")).isEqualTo(1);
      assertThat(before.type("svc4j_supervisor_child_cpu_seconds_total")).isEqualTo("counter");
      assertThat(before.value("svc4j_build_info", "component", "supervisor")).isEqualTo(1);
      assertThat(before.value("process_resident_memory_bytes")).isPositive();
      assertThat(before.find("svc4j_supervisor_health_check_seconds_count"))
          .as("no health check configured: no health meters")
          .isEmpty();

      long first = supervisor.status().pid();
      ProcessHandle.of(first).orElseThrow().destroyForcibly();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  supervisor.status().state() == ChildState.RUNNING
                      && supervisor.status().pid() != first);
      Scrape after = Scrape.get(url);
      assertThat(after.value("svc4j_supervisor_child_exits_total", "cause", "crash")).isEqualTo(1);
      assertThat(after.value("svc4j_supervisor_restarts_total", "cause", "crash")).isEqualTo(1);
      assertThat(after.value("svc4j_supervisor_starts_total", "cause", "crash")).isEqualTo(1);
      assertThat(after.value("svc4j_supervisor_child_last_exit_code")).isEqualTo(137);
      assertThat(after.value("svc4j_supervisor_log_written_lines_total", "stream", "stdout"))
          .isEqualTo(2);

      // An operator's restart through the control channel, and the metrics through it too.
      var restart = ControlClient.send(socket, SupervisorCommand.RESTART, Duration.ofSeconds(30));
      assertThat(restart.ok()).isTrue();
      // The reply comes once the start is queued on the event thread, which counts it when it
      // runs: under load the next command can be answered first.
      Scrape viaControl =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> {
                    var reply =
                        ControlClient.send(
                            socket, SupervisorCommand.METRICS, Duration.ofSeconds(10));
                    assertThat(reply.ok()).isTrue();
                    return Scrape.check(reply.metrics());
                  },
                  scrape ->
                      scrape.valueOrZero("svc4j_supervisor_restarts_total", "cause", "operator")
                          > 0);
      assertThat(viaControl.value("svc4j_supervisor_restarts_total", "cause", "operator"))
          .isEqualTo(1);
      assertThat(viaControl.value("svc4j_supervisor_child_exits_total", "cause", "operator"))
          .isEqualTo(1);
      assertThat(viaControl.value("svc4j_supervisor_restarts_total", "cause", "crash"))
          .isEqualTo(1);
    }
  }

  @Test
  void healthChecksAreCountedWithLatencyAndAnUnhealthyRestartHasItsCause() throws Exception {
    Path healthy = tmp.resolve("healthy");
    Files.createFile(healthy);
    var check = TestSupervisors.healthyWhileExists(healthy);
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ON_FAILURE)
                        .withBackoff(Backoff.fixed(Duration.ofSeconds(1))))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withHealthCheck(check);
    try (var supervisor = TestSupervisors.fromCommand("sick", List.of("sleep", "600"), options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          Scrape.check(supervisor.metrics().scrape(null))
                              .value("svc4j_supervisor_health_checks_total", "result", "ok"))
                      .isGreaterThanOrEqualTo(1));
      Files.delete(healthy);
      await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.count(ChildState.BACKOFF) == 1);
      Scrape s = Scrape.check(supervisor.metrics().scrape(null));
      assertThat(s.value("svc4j_supervisor_health_checks_total", "result", "failed"))
          .isGreaterThanOrEqualTo(2);
      assertThat(s.value("svc4j_supervisor_health_check_seconds_count")).isGreaterThanOrEqualTo(3);
      assertThat(s.value("svc4j_supervisor_child_exits_total", "cause", "unhealthy")).isEqualTo(1);
      if (supervisor.status().state() == ChildState.BACKOFF) {
        assertThat(s.value("svc4j_supervisor_backoff_seconds")).isIn(0.0, 1.0);
      }
      Files.createFile(healthy);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.RUNNING);
      s = Scrape.check(supervisor.metrics().scrape(null));
      assertThat(s.value("svc4j_supervisor_restarts_total", "cause", "unhealthy")).isEqualTo(1);
      assertThat(s.value("svc4j_supervisor_backoff_seconds")).isZero();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
