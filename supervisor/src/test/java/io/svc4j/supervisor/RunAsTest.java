package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child drops to another account (the supervisor runs as root, as under systemd or CI). */
class RunAsTest {

  @TempDir Path tmp;

  @Test
  void theChildRunsAsTheConfiguredUserAndCanStillReachItsNotifySocket() throws Exception {
    String script =
        String.join(
            "\n",
            "import os, socket, time",
            "print(os.getuid(), os.getgid(), os.environ['USER'], os.environ['HOME'], flush=True)",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.sendto(b'READY=1', os.environ['NOTIFY_SOCKET'])",
            "time.sleep(600)");
    // The health command runs as the child's user too: it checks its own uid.
    var check =
        new io.svc4j.supervisor.config.HealthCheckSettings(
            new io.svc4j.supervisor.config.HealthProbe.Command(
                List.of("sh", "-c", "test \"$(id -u)\" = 65534")),
            Duration.ofMillis(200),
            Duration.ofSeconds(5),
            1,
            null,
            false);
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRunAs("nobody")
                .withHealthCheck(check)
                .withWorkingDirectory(Path.of("/"))
                .withReadiness(ReadinessSettings.notify(Duration.ofSeconds(30), null))
                .withLogs(LogSettings.in(tmp));
    try (var supervisor = TestSupervisors.fromCommand("dropped", Procs.python(script), options)) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      long pid = supervisor.status().pid();
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      assertThat(status).containsPattern("(?m)^Uid:\\s+65534\\s+65534\\s+65534\\s+65534$");
      Path out = tmp.resolve("dropped.out.log");
      await().atMost(10, TimeUnit.SECONDS).until(() -> Files.size(out) > 0);
      assertThat(Files.readString(out).strip()).isEqualTo("65534 65534 nobody /nonexistent");
      await().atMost(20, TimeUnit.SECONDS).until(() -> "ok".equals(supervisor.status().health()));
    }
  }

  @Test
  void userColonGroupRunsWithThatGroup() {
    var user = io.svc4j.supervisor.posix.RunAsUser.resolve("nobody:daemon");
    assertThat(user.uid()).isEqualTo(65534);
    assertThat(user.gid()).as("daemon's gid, not nobody's primary group").isEqualTo(1);
    assertThat(user.setprivOptions()).containsSubsequence("--regid", "1");
    assertThatThrownBy(() -> io.svc4j.supervisor.posix.RunAsUser.resolve("nobody:no-such-group"))
        .hasMessage("run-as: group 'no-such-group' does not exist on this system");
  }

  @Test
  void anUnknownUserIsABadSetting() {
    assertThatThrownBy(
            () ->
                TestSupervisors.fromCommand(
                    "x", List.of("true"), c -> c.withRunAs("no-such-user-svc4j")))
        .hasMessage("run-as: user 'no-such-user-svc4j' does not exist on this system");
  }
}
