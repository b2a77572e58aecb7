package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.config.HealthProbe;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health checks against real children. */
class HealthCheckTest {

  @TempDir Path tmp;

  private static int freePort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anHttpServerChildIsRunningOnlyOnceItsHealthCheckPasses() throws Exception {
    int port = freePort();
    var check =
        new HealthCheckSettings(
            HealthProbe.Http.ok(URI.create("http://127.0.0.1:" + port + "/")),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            3,
            Duration.ofSeconds(30),
            true);
    UnaryOperator<SupervisorConfig> options =
        c ->
            // The check first: each with-method checks the whole configuration.
            c.withHealthCheck(check)
                .withReadiness(ReadinessSettings.health(Duration.ofSeconds(60)))
                .withWorkingDirectory(tmp)
                .withLogs(io.svc4j.supervisor.config.LogSettings.in(tmp.resolve("logs")));
    var command =
        List.of("python3", "-m", "http.server", Integer.toString(port), "--bind", "127.0.0.1");
    try (var supervisor = TestSupervisors.fromCommand("web", command, options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(60))).isTrue();
      await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> recorder.reasons.contains("RUNNING: health check passed"));
      assertThat(supervisor.status().health()).isEqualTo("ok");
    }
  }

  @Test
  void anUnhealthyChildIsRestarted() throws Exception {
    Path healthy = tmp.resolve("healthy");
    Files.createFile(healthy);
    var check = TestSupervisors.healthyWhileExists(healthy);
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ON_FAILURE)
                        .withBackoff(Backoff.fixed(Duration.ofMillis(100))))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withHealthCheck(check);
    try (var supervisor = TestSupervisors.fromCommand("sick", List.of("sleep", "600"), options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      long first = supervisor.status().pid();
      await().atMost(20, TimeUnit.SECONDS).until(() -> "ok".equals(supervisor.status().health()));

      Files.delete(healthy);
      await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.count(ChildState.BACKOFF) == 1);
      Files.createFile(healthy);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  supervisor.status().state() == ChildState.RUNNING
                      && supervisor.status().pid() != first);
      assertThat(recorder.reasons)
          .anyMatch(r -> r.startsWith("STOPPING: stopping unhealthy child: test exited with 1"));
      assertThat(Procs.alive(first)).isFalse();
    }
  }

  @Test
  void tcpChecksFollowAListeningSocket() throws Exception {
    var results = new java.util.concurrent.LinkedBlockingQueue<String>();
    var listener =
        new io.svc4j.supervisor.health.HealthMonitor.Listener() {
          @Override
          public void healthy() {
            results.add("healthy");
          }

          @Override
          public void unhealthy(String reason) {
            results.add("unhealthy: " + reason);
          }
        };
    var server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    int port = server.getLocalPort();
    var settings =
        new HealthCheckSettings(
            new HealthProbe.Tcp("127.0.0.1", port),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            2,
            Duration.ZERO,
            true);
    try (var monitor = io.svc4j.supervisor.health.HealthMonitor.start(settings, listener, "tcp")) {
      assertThat(results.poll(10, TimeUnit.SECONDS)).isEqualTo("healthy");
      server.close();
      assertThat(results.poll(10, TimeUnit.SECONDS))
          .startsWith("unhealthy: connect to 127.0.0.1:" + port)
          .endsWith("(2 times in a row)");
      assertThat(monitor.lastResult()).contains("failed");
    }
  }
}
