package io.svc4j.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ManagerException;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where no service manager runs (a container, {@code svc4j run} in the foreground), a supervisor
 * that answers on its control socket is enough for the verbs that act on the child: the manager is
 * asked for only when the supervisor does not answer.
 */
class ChildControlWithoutManagerTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicInteger managerAsked = new AtomicInteger();
  @TempDir Path sockets;

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> {
              managerAsked.incrementAndGet();
              throw new ManagerException("no service manager found on this host");
            },
            name -> sockets.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }

  @Test
  void restartStopAndStartTheChildThroughItsSupervisorAlone() throws Exception {
    try (var supervisor =
        Supervisor.of(
            SupervisorConfig.of("web", List.of("sleep", "600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO)))) {
      supervisor.serveControl(sockets.resolve("web.sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      long before = supervisor.status().pid();

      assertThat(run("restart", "web")).as(err.toString()).isZero();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  supervisor.status().state() == ChildState.RUNNING
                      && supervisor.status().pid() != before);

      assertThat(run("stop", "--child", "web")).as(err.toString()).isZero();
      assertThat(supervisor.status().state()).isEqualTo(ChildState.STOPPED);
      assertThat(run("start", "--child", "web")).as(err.toString()).isZero();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> supervisor.status().state() == ChildState.RUNNING);
    }
    assertThat(managerAsked).as("no verb needed the manager").hasValue(0);
  }

  @Test
  void withoutASupervisorTheManagersOneLineIsTheAnswer() {
    assertThat(run("restart", "nobody")).isNotZero();
    assertThat(err.toString().strip())
        .isEqualTo("svc4j: error: no service manager found on this host");
    assertThat(managerAsked).hasValue(1);
  }
}
