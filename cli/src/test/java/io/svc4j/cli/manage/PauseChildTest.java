package io.svc4j.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ManagerException;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.config.HealthProbe;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svc4j pause|resume NAME} of a supervised service act on its child through the supervisor
 * (real processes: /proc shows the child stopped, then running), and say in one line why a child
 * with a health check cannot be paused.
 */
class PauseChildTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path sockets;

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> {
              throw new ManagerException("no service manager found on this host");
            },
            name -> sockets.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }

  private static char procState(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  @Test
  void pauseAndResumeTheChildThroughItsSupervisor() throws Exception {
    try (var supervisor =
        Supervisor.of(
            SupervisorConfig.of("web", List.of("sleep", "600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO)))) {
      supervisor.serveControl(sockets.resolve("web.sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      long pid = supervisor.status().pid();

      assertThat(run("pause", "web")).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains(
              "Paused the child of web: RUNNING, pid "
                  + pid
                  + " (its processes are stopped; 'svc4j resume web' continues them)");
      await().atMost(Duration.ofSeconds(5)).until(() -> procState(pid) == 'T');

      assertThat(run("resume", "web")).as(err.toString()).isZero();
      assertThat(out.toString()).contains("Resumed the child of web: RUNNING, pid " + pid);
      await().atMost(Duration.ofSeconds(5)).until(() -> procState(pid) != 'T');
    }
  }

  @Test
  void aChildWithAHealthCheckIsRefusedInOneLine() throws Exception {
    try (var supervisor =
        Supervisor.of(
            SupervisorConfig.of("hc", List.of("sleep", "600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withHealthCheck(
                    HealthCheckSettings.of(
                        new HealthProbe.Command(List.of("true")), Duration.ofSeconds(5))))) {
      supervisor.serveControl(sockets.resolve("hc.sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();

      assertThat(run("pause", "hc")).isNotZero();
      assertThat(err.toString().strip())
          .isEqualTo(
              "svc4j: error: the supervisor of hc refused 'pause': cannot pause hc: it has a"
                  + " health check, which a paused child would fail (it would be restarted)");
      assertThat(procState(supervisor.status().pid())).isNotEqualTo('T');
    }
  }
}
