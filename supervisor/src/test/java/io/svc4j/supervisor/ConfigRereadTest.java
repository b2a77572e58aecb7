package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload re-reads the supervisor's configuration file, with real children: live settings apply to
 * the same child, a new command starts the child once with it, a broken file is one located line
 * and changes nothing.
 */
class ConfigRereadTest {

  @TempDir Path tmp;
  @RegisterExtension final SupervisorLogLines log = new SupervisorLogLines();

  private Path file;

  private String yaml(String command, String restartMode, Path healthMarker) {
    return "name: reread\n"
        + "command: "
        + command
        + "\n"
        + "restart: {mode: "
        + restartMode
        + "}\n"
        + "readiness: {start-seconds: 0s}\n"
        + "health-check: {command: [sh, -c, 'echo x >> "
        + healthMarker
        + "'], interval: 1s, restart-on-unhealthy: false}\n";
  }

  private void save(String text) throws Exception {
    RereadFile.save(file, text);
  }

  private Supervisor started(String text) throws Exception {
    file = tmp.resolve("reread.yaml");
    Files.writeString(file, text);
    var supervisor = RereadFile.supervisor(file, tmp);
    supervisor.startChild();
    assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
    return supervisor;
  }

  private static String cmdline(long pid) {
    return Procs.cmdline(pid); // waits for the exec to complete: the pid is reported before
  }

  @Test
  void aNewHealthCheckAndRestartPolicyApplyToTheSameChild() throws Exception {
    Path first = tmp.resolve("first-check");
    Path second = tmp.resolve("second-check");
    try (var supervisor = started(yaml("[sleep, '300']", "always", first))) {
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(first));
      long pid = supervisor.status().pid();
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(1);

      save(yaml("[sleep, '300']", "on-failure", second));
      supervisor.reload(null);

      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(second));
      assertThat(supervisor.status().pid()).as("the same child").isEqualTo(pid);
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
      assertThat(supervisor.config().restart().mode()).isEqualTo(RestartMode.ON_FAILURE);
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(2);
      assertThat(supervisor.liveStatus().configLoadedAt()).isNotBlank();
      // The old check is gone: its marker stops growing while the new one grows.
      long before = Files.size(first);
      long secondBefore = Files.size(second);
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.size(second) > secondBefore + 4);
      assertThat(Files.size(first)).isEqualTo(before);
    }
  }

  @Test
  void aFileChangeThatWasAlreadyAppliedDoesNotReachTheChild() throws Exception {
    // The race seen under systemd: an edit, then `systemctl reload` applies it, then the file
    // watch fires for the same save. The second reload finds the file unchanged; an operator's
    // reload would now signal the child (SIGHUP kills `sleep`), a reload for a changed file must
    // not.
    Path marker = tmp.resolve("check");
    try (var supervisor = started(yaml("[sleep, '300']", "always", marker))) {
      save(yaml("[sleep, '300']", "on-failure", marker));
      supervisor.reload(null); // the operator's reload: generation 2
      long pid = supervisor.status().pid();
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(2);

      supervisor.reloadForChangedFiles(null); // the file watch, late, for the same save

      assertThat(supervisor.status().pid()).as("the same child").isEqualTo(pid);
      assertThat(Procs.alive(pid)).isTrue();
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
      assertThat(supervisor.status().restarts()).isZero();
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(2);

      // A real change seen by the file watch is applied as by an operator's reload.
      save(yaml("[sleep, '301']", "on-failure", marker));
      supervisor.reloadForChangedFiles(null);
      assertThat(cmdline(supervisor.status().pid())).endsWith("sleep 301");
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(3);
    }
  }

  @Test
  void aNewCommandStartsTheChildOnceWithIt() throws Exception {
    Path marker = tmp.resolve("check");
    try (var supervisor = started(yaml("[sleep, '300']", "always", marker))) {
      long pid = supervisor.status().pid();
      int restarts = supervisor.status().restarts();

      save(yaml("[sleep, '301']", "always", marker));
      supervisor.reload(null);

      long next = supervisor.status().pid();
      assertThat(next).isNotEqualTo(pid);
      assertThat(cmdline(next)).endsWith("sleep 301");
      assertThat(Procs.alive(pid)).isFalse();
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
      assertThat(supervisor.status().restarts()).isLessThanOrEqualTo(restarts + 1);
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(2);

      assertThat(log.all())
          .anyMatch(l -> l.contains("configuration generation 2") && l.contains("[command]"));
    }
  }

  @Test
  void aBrokenFileIsOneLocatedLineAndChangesNothing() throws Exception {
    Path marker = tmp.resolve("check");
    try (var supervisor = started(yaml("[sleep, '300']", "always", marker))) {
      long pid = supervisor.status().pid();

      save(yaml("[sleep, '302']", "sometimes", marker));
      supervisor.reload(null);

      assertThat(supervisor.status().pid()).isEqualTo(pid);
      assertThat(cmdline(pid)).endsWith("sleep 300");
      assertThat(supervisor.config().restart().mode()).isEqualTo(RestartMode.ALWAYS);
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(1);
      var errors = log.errors();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0))
          .contains(file + ":3:")
          .contains("sometimes")
          .endsWith("configuration generation 1 stays")
          .doesNotContain("\n");
    }
  }

  @Test
  void aNewOutputTriggerAppliesToTheRunningChildsOutput() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    String base =
        "name: reread\n"
            + "command: [sh, -c, 'while :; do echo tick; sleep 0.2; done']\n"
            + "readiness: {start-seconds: 0s}\n"
            + "logs: {directory: "
            + logs
            + "}\n";
    try (var supervisor = started(base + "restart: {mode: always}\n")) {
      long pid = supervisor.status().pid();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> Files.readString(logs.resolve("reread.out.log")).contains("tick"));
      assertThat(supervisor.status().pid()).as("no trigger yet: the same child").isEqualTo(pid);

      save(base + "restart: {mode: always, on-output: [tick]}\n");
      supervisor.reload(null);

      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(
              () -> assertThat(log.all()).anyMatch(l -> l.contains("output matched /tick/")));
      // The line is logged at the decision; the stop of the tree follows it.
      await()
          .atMost(30, TimeUnit.SECONDS)
          .alias("the running child was restarted by the new trigger")
          .until(() -> !Procs.alive(pid));
    }
  }

  @Test
  void theControlChannelsReloadRereadsTheFileToo() throws Exception {
    Path marker = tmp.resolve("check");
    try (var supervisor = started(yaml("[sleep, '300']", "always", marker))) {
      Path socket = tmp.resolve("control.sock");
      supervisor.serveControl(socket);
      long pid = supervisor.status().pid();

      save(yaml("[sleep, '300']", "on-failure", marker));
      var reply =
          io.svc4j.supervisor.control.ControlClient.send(
              socket, io.svc4j.supervisor.control.SupervisorCommand.RELOAD, Duration.ofSeconds(30));

      assertThat(reply.ok()).as("%s", reply).isTrue();
      var status =
          io.svc4j.supervisor.control.ControlClient.send(
                  socket,
                  io.svc4j.supervisor.control.SupervisorCommand.STATUS,
                  Duration.ofSeconds(5))
              .status();
      assertThat(status.configGeneration()).isEqualTo(2);
      assertThat(status.pid()).isEqualTo(pid);
      assertThat(supervisor.config().restart().mode()).isEqualTo(RestartMode.ON_FAILURE);
    }
  }
}
