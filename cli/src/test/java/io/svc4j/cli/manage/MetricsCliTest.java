package io.svc4j.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.metrics.testing.Scrape;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc4j metrics NAME} against a real supervisor and child over the control socket. */
class MetricsCliTest {

  private final FakeManager manager = new FakeManager();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path sockets;

  @BeforeEach
  void install() {
    assertThat(run("install", "--name", "web", "--direct", "--", "/bin/sh")).isZero();
    manager.states.put("web", ServiceStatus.State.RUNNING);
    out.getBuffer().setLength(0);
  }

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> manager,
            name -> sockets.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            CliContext.DEFAULT_CONTROL_TIMEOUT);
    return Svc4j.execute(args, context);
  }

  @Test
  void printsTheSupervisorsMetricsWhichPromtoolAccepts() throws Exception {
    try (var supervisor =
        Supervisor.of(
            SupervisorConfig.of("web", List.of("sleep", "600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO)))) {
      supervisor.serveControl(sockets.resolve("web.sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();

      assertThat(run("metrics", "web")).as(err.toString()).isZero();
      Scrape s = Scrape.check(out.toString());
      assertThat(s.value("svc4j_supervisor_child_up", "service", "web")).isEqualTo(1);
      assertThat(s.value("svc4j_supervisor_starts_total", "cause", "initial")).isEqualTo(1);
    }
  }

  @Test
  void aServiceWithoutASupervisorIsOneLineAndExitOne() {
    assertThat(run("metrics", "web")).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("svc4j: error: no supervisor of web answers")
        .doesNotContain("\n");
  }
}
