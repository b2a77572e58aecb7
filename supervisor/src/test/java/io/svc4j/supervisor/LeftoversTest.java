package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.config.HealthProbe;
import io.svc4j.supervisor.config.LeftoverAction;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What a previous instance left behind is found before the first launch. */
class LeftoversTest {

  /** A process that looks like the child of an earlier supervisor of service {@code name}. */
  private static Process previousInstance(String name) throws Exception {
    var builder = new ProcessBuilder("sleep", "600");
    builder.environment().put("SVC4J_SERVICE", name);
    return builder.start();
  }

  private static UnaryOperator<SupervisorConfig> options(LeftoverAction action) {
    return c ->
        c.withLeftovers(action)
            .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
            .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(2)));
  }

  @Test
  void failRefusesToStartAndNamesTheLeftover() throws Exception {
    Process old = previousInstance("lefty-fail");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "lefty-fail", List.of("sleep", "600"), options(LeftoverAction.FAIL))) {
      supervisor.startChild();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.FATAL);
      assertThat(supervisor.status().reason())
          .contains(
              "processes of a previous instance are still running: [" + old.pid() + " (sleep 600)]")
          .endsWith("set leftovers: kill (or report) to start anyway");
      assertThat(old.isAlive()).isTrue();
    } finally {
      old.destroyForcibly();
    }
  }

  @Test
  void killStopsTheLeftoverThenStarts() throws Exception {
    Process old = previousInstance("lefty-kill");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "lefty-kill", List.of("sleep", "600"), options(LeftoverAction.KILL))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      assertThat(old.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(supervisor.status().pid()).isNotEqualTo(old.pid());
    } finally {
      old.destroyForcibly();
    }
  }

  @Test
  void reportStartsAnywayAndLeavesItAlone() throws Exception {
    Process old = previousInstance("lefty-report");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "lefty-report", List.of("sleep", "600"), options(LeftoverAction.REPORT))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      assertThat(old.isAlive()).isTrue();
    } finally {
      old.destroyForcibly();
    }
  }

  @Test
  void aListenerOnTheHealthChecksPortIsFoundButNeverKilled() throws Exception {
    try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      var check =
          HealthCheckSettings.of(
              new HealthProbe.Tcp("127.0.0.1", taken.getLocalPort()), Duration.ofSeconds(1));
      UnaryOperator<SupervisorConfig> options =
          c -> options(LeftoverAction.FAIL).apply(c).withHealthCheck(check);
      try (var supervisor =
          TestSupervisors.fromCommand("porty", List.of("sleep", "600"), options)) {
        supervisor.startChild();
        await()
            .atMost(20, TimeUnit.SECONDS)
            .until(() -> supervisor.status().state() == ChildState.FATAL);
        assertThat(supervisor.status().reason())
            .startsWith(
                "port "
                    + taken.getLocalPort()
                    + " is already in use by ["
                    + ProcessHandle.current().pid()
                    + " (");
      }
      UnaryOperator<SupervisorConfig> killing =
          c -> options(LeftoverAction.KILL).apply(c).withHealthCheck(check);
      try (var supervisor =
          TestSupervisors.fromCommand("porty2", List.of("sleep", "600"), killing)) {
        supervisor.startChild();
        assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue(); // and we are alive
      }
    }
  }
}
