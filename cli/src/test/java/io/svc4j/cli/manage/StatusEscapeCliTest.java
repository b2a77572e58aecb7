package io.svc4j.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, point 8, end to end: a child's {@code STATUS=} full of terminal escape sequences reaches
 * an operator's {@code svc4j status} (run as root) without them, over the real control socket.
 */
class StatusEscapeCliTest {

  private final FakeManager manager = new FakeManager();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path sockets;

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> manager,
            name -> sockets.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Duration.ofSeconds(5));
    return Svc4j.execute(args, context);
  }

  @Test
  void escapeSequencesAChildSendsInStatusNeverReachTheOperatorsTerminal() throws Exception {
    assertThat(run("install", "--name", "web", "--direct", "--", "/bin/sh")).isZero();
    manager.states.put("web", ServiceStatus.State.RUNNING);
    // Retitles the window, clears the screen, then fakes a calm status in red.
    String child =
        "import os, socket, time\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "s.sendto(b'READY=1\\nSTATUS=\\x1b]0;root shell\\x07\\x1b[2J\\x1b[Hall \\x1b[31mgood',"
            + " os.environ['NOTIFY_SOCKET'])\n"
            + "time.sleep(600)\n";
    try (var supervisor =
        Supervisor.of(
            SupervisorConfig.of("web", List.of("python3", "-c", child))
                .withReadiness(ReadinessSettings.notify(Duration.ofSeconds(30), null)))) {
      supervisor.serveControl(sockets.resolve("web.sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      out.getBuffer().setLength(0);

      // The child's STATUS= is in the JSON view (the human one shows the manager's status line,
      // which under systemd is the same text, forwarded by the supervisor).
      assertThat(run("status", "web", "--json")).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains("\"childStatus\" : \"all good\"")
          .doesNotContain("\\u001B")
          .doesNotContain("\\u0007")
          .doesNotContain("\u001b");
      out.getBuffer().setLength(0);
      assertThat(run("status", "web")).as(err.toString()).isZero();
      assertThat(out.toString()).doesNotContain("\u001b").doesNotContain("\u0007");
    }
  }
}
