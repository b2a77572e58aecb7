package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.ReloadSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of the supervised service reaches the child, with real processes: the configured signal
 * to its main process (the child records it), the wait for a notify child's READY=1, a restart
 * instead of a signal, and one-line failures.
 */
class ReloadTest {

  @TempDir Path tmp;

  private Supervisor supervisor(
      String name, List<String> command, ReadinessSettings readiness, ReloadSettings reload) {
    return Supervisor.of(
        SupervisorConfig.of(name, command).withReadiness(readiness).withReload(reload));
  }

  /** A shell that records each reload signal it gets, and its pid at start. */
  private List<String> recordingShell(String signal, Path record) {
    return Procs.sh(
        "trap 'echo "
            + signal
            + " >> "
            + record
            + "' "
            + signal
            + "; echo start $$ >> "
            + record
            + "; while :; do sleep 0.1; done");
  }

  @Test
  void theDefaultReloadSendsSighupToTheChildWhichKeepsRunning() throws Exception {
    Path record = tmp.resolve("record");
    try (var supervisor =
        supervisor(
            "hup",
            recordingShell("HUP", record),
            ReadinessSettings.uptime(Duration.ZERO),
            ReloadSettings.DEFAULT)) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(record));
      long pid = supervisor.status().pid();

      assertThat(supervisor.canReload()).isTrue();
      supervisor.reload(null);

      await()
          .atMost(10, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(Files.readAllLines(record)).contains("HUP"));
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
      assertThat(supervisor.status().pid()).as("the same child, not a restart").isEqualTo(pid);
    }
  }

  @Test
  void theSignalIsConfigurable() throws Exception {
    Path record = tmp.resolve("record");
    try (var supervisor =
        supervisor(
            "usr1",
            recordingShell("USR1", record),
            ReadinessSettings.uptime(Duration.ZERO),
            new ReloadSettings("SIGUSR1", null, null))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(record));

      supervisor.reload(null);

      await()
          .atMost(10, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(Files.readAllLines(record)).contains("USR1"));
    }
  }

  @Test
  void aNotifyChildsReloadEndsOnlyAtItsReadyAfterTheSignal() throws Exception {
    Path record = tmp.resolve("record");
    // On SIGHUP: RELOADING=1, a reload that takes a second, a record of it, then READY=1.
    String script =
        String.join(
            "\n",
            "import os, signal, socket, time",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "send = lambda m: s.sendto(m.encode(), os.environ['NOTIFY_SOCKET'])",
            "def reload(sig, frame):",
            "    send('RELOADING=1')",
            "    time.sleep(1)",
            "    open('" + record + "', 'a').write('reloaded\\n')",
            "    send('READY=1')",
            "signal.signal(signal.SIGHUP, reload)",
            "send('READY=1')",
            "while True: time.sleep(1)");
    try (var supervisor =
        supervisor(
            "notify",
            Procs.python(script),
            ReadinessSettings.notify(Duration.ofSeconds(30), null),
            ReloadSettings.DEFAULT)) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();

      supervisor.reload(null);

      assertThat(record).as("reload returned only after the child's READY=1").exists();
      assertThat(Files.readAllLines(record)).containsExactly("reloaded");
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
    }
  }

  @Test
  void aNotifyChildThatNeverReportsReadyAgainFailsTheReloadInOneLine() throws Exception {
    String script =
        String.join(
            "\n",
            "import os, signal, socket, time",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "signal.signal(signal.SIGHUP, lambda sig, frame: None)",
            "s.sendto(b'READY=1', os.environ['NOTIFY_SOCKET'])",
            "while True: time.sleep(1)");
    try (var supervisor =
        supervisor(
            "silent",
            Procs.python(script),
            ReadinessSettings.notify(Duration.ofSeconds(30), null),
            new ReloadSettings(null, null, Duration.ofMillis(500)))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();

      assertThatThrownBy(() -> supervisor.reload(null))
          .isInstanceOf(ChildReload.ReloadException.class)
          .hasMessage(
              "silent: reload: the child did not report READY=1 within 500 ms after SIGHUP");
      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
    }
  }

  @Test
  void restartReplacesTheChildAndReturnsOnceTheNewOneIsReady() throws Exception {
    Path record = tmp.resolve("record");
    try (var supervisor =
        supervisor(
            "restarted",
            recordingShell("HUP", record),
            ReadinessSettings.uptime(Duration.ofMillis(300)),
            new ReloadSettings(null, true, Duration.ofSeconds(30)))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      long before = supervisor.status().pid();

      supervisor.reload(null);

      assertThat(supervisor.status().state()).isEqualTo(ChildState.RUNNING);
      assertThat(supervisor.status().pid()).isNotEqualTo(before).isPositive();
      assertThat(Procs.alive(before)).isFalse();
      assertThat(Files.readAllLines(record)).noneMatch(line -> line.equals("HUP"));
    }
  }

  @Test
  void aReloadWhileNoChildRunsFailsInOneLine() throws Exception {
    try (var supervisor =
        supervisor(
            "idle",
            Procs.sh("sleep 600"),
            ReadinessSettings.uptime(Duration.ZERO),
            ReloadSettings.DEFAULT)) {
      assertThatThrownBy(() -> supervisor.reload(null))
          .isInstanceOf(ChildReload.ReloadException.class)
          .hasMessage("idle: reload: the child is STOPPED, not RUNNING");
    }
  }
}
