package io.svc4j.supervisor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.LeftoverAction;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, point 6: leftovers of a previous instance are recognised by {@code SVC4J_SERVICE=name}
 * in a process's environment, which any user can set. Only processes of the service's own user (its
 * run-as user, or the supervisor's) may count.
 */
class LeftoverTrustAttackTest {

  private static Process planted(int uid, String service) throws Exception {
    Process p = AsUser.start(uid, List.of("env", "SVC4J_SERVICE=" + service, "sleep", "600"));
    await().atMost(10, TimeUnit.SECONDS).until(() -> AsUser.uidOf(p.pid()) == uid);
    return p;
  }

  private static UnaryOperator<SupervisorConfig> options(LeftoverAction action) {
    return c ->
        c.withLeftovers(action)
            .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
            .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(2)));
  }

  @Test
  void anotherUsersMarkedProcessDoesNotMakeTheServiceFatal() throws Exception {
    Process foreign = planted(AsUser.NOBODY, "sec-web");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "sec-web", List.of("sleep", "600"), options(LeftoverAction.FAIL))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
      assertThat(foreign.isAlive()).isTrue();
    } finally {
      foreign.destroyForcibly();
    }
  }

  @Test
  void anotherUsersMarkedProcessIsNotKilledByLeftoversKill() throws Exception {
    // The service runs as nobody; the planted process belongs to a third user (daemon).
    Process foreign = planted(AsUser.DAEMON, "sec-kill");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "sec-kill",
            List.of("sleep", "600"),
            c ->
                options(LeftoverAction.KILL)
                    .apply(c)
                    .withRunAs("nobody")
                    .withWorkingDirectory(java.nio.file.Path.of("/")))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      assertThat(foreign.isAlive()).isTrue();
    } finally {
      foreign.destroyForcibly();
    }
  }

  @Test
  void aMarkedProcessOfTheRunAsUserStillCounts() throws Exception {
    Process own = planted(AsUser.NOBODY, "sec-own");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "sec-own",
            List.of("sleep", "600"),
            c ->
                options(LeftoverAction.FAIL)
                    .apply(c)
                    .withRunAs("nobody")
                    .withWorkingDirectory(java.nio.file.Path.of("/")))) {
      supervisor.startChild();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.FATAL);
      assertThat(supervisor.status().reason())
          .contains("processes of a previous instance are still running: [" + own.pid());
    } finally {
      own.destroyForcibly();
    }
  }
}
