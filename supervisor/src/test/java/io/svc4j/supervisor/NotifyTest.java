package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Children speaking the systemd notify protocol to the supervisor's own NOTIFY_SOCKET. */
class NotifyTest {

  @TempDir Path tmp;

  private static UnaryOperator<SupervisorConfig> notifyOptions(
      Duration startTimeout, Duration watchdog) {
    return c ->
        c.withRestart(
                RestartSettings.DEFAULT
                    .withMode(RestartMode.ON_FAILURE)
                    .withBackoff(Backoff.fixed(Duration.ofMillis(100))))
            .withReadiness(ReadinessSettings.notify(startTimeout, watchdog))
            .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(2)));
  }

  @Test
  void readyThenMissedWatchdogPingsMeanHungAndRestarted() throws Exception {
    Path runs = tmp.resolve("runs");
    String script =
        String.join(
            "\n",
            "import os, socket, time",
            "with open('"
                + runs
                + "', 'a') as f: f.write('%d %s\\n' % (os.getpid(),"
                + " os.environ.get('WATCHDOG_USEC')))",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "send = lambda m: s.sendto(m.encode(), os.environ['NOTIFY_SOCKET'])",
            "time.sleep(0.5)",
            "send('READY=1\\nSTATUS=serving')",
            "for i in range(4):",
            "    time.sleep(0.3); send('WATCHDOG=1')",
            "send('STATUS=stuck')",
            "time.sleep(600)");
    var options = notifyOptions(Duration.ofSeconds(30), Duration.ofSeconds(1));
    try (var supervisor = TestSupervisors.fromCommand("pinger", Procs.python(script), options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      assertThat(recorder.statuses).contains("serving");

      await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.count(ChildState.RUNNING) == 2);
      assertThat(recorder.states)
          .startsWith(
              ChildState.STARTING,
              ChildState.RUNNING,
              ChildState.STOPPING,
              ChildState.BACKOFF,
              ChildState.STARTING,
              ChildState.RUNNING);
      assertThat(recorder.reasons.get(2)).contains("no WATCHDOG=1 within 1000 ms");
      assertThat(recorder.statuses).contains("stuck");
      List<String> lines = Files.readAllLines(runs);
      assertThat(lines).hasSize(2).allMatch(l -> l.endsWith(" 1000000"));
      long firstPid = Long.parseLong(lines.get(0).split(" ")[0]);
      assertThat(Procs.alive(firstPid)).isFalse();
      assertThat(supervisor.status().restarts()).isEqualTo(1);
    }
  }

  /**
   * A third-party sd_notify client, systemd's own {@code systemd-notify}, run by the child script:
   * it reaches the supervisor's socket (any process of the tree may notify) without systemd.
   */
  @Test
  void systemdsOwnNotifyToolWorksWithoutSystemd() throws Exception {
    Path notify = Path.of("/usr/bin/systemd-notify");
    assertThat(notify).as("systemd-notify (Debian package systemd) is installed").isExecutable();
    List<String> command =
        List.of(
            "/bin/sh",
            "-c",
            "sleep 0.3; "
                + notify
                + " --ready --status='serving via systemd-notify' || exit 7; exec sleep 600");
    var options = notifyOptions(Duration.ofSeconds(30), null);
    try (var supervisor = TestSupervisors.fromCommand("third-party", command, options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      assertThat(recorder.reasons).anyMatch(r -> r.contains("READY=1"));
      assertThat(supervisor.status().childStatus()).isEqualTo("serving via systemd-notify");
    }
  }

  @Test
  void aChildThatNeverReportsReadyIsStoppedAfterTheStartTimeout() throws Exception {
    UnaryOperator<SupervisorConfig> options =
        c ->
            notifyOptions(Duration.ofSeconds(1), null)
                .apply(c)
                .withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO));
    try (var supervisor = TestSupervisors.fromCommand("silent", List.of("sleep", "600"), options)) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isFalse();
      assertThat(supervisor.status().state()).isEqualTo(ChildState.EXITED);
      assertThat(supervisor.status().reason()).contains("not ready within the start timeout");
    }
  }

  @Test
  void aHungJvmChildGetsAThreadDumpBeforeItIsKilled() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes =
        Path.of(HangingJavaChild.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    UnaryOperator<SupervisorConfig> options =
        c ->
            notifyOptions(Duration.ofSeconds(60), Duration.ofSeconds(2))
                .apply(c)
                .withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
                .withLogs(io.svc4j.supervisor.config.LogSettings.in(tmp));
    var command =
        List.of(
            java,
            "-Xmx64m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classes,
            HangingJavaChild.class.getName());
    try (var supervisor = TestSupervisors.fromCommand("jvm", command, options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(60))).isTrue();
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.EXITED);
      // SIGQUIT: the JVM printed its stacks to its stdout, which is the captured log.
      assertThat(recorder.dumps).containsExactly(tmp.resolve("jvm.out.log"));
      String dump = Files.readString(tmp.resolve("jvm.out.log"));
      assertThat(dump).contains("Full thread dump").contains("\"main\"").contains("parkForever");
    }
  }

  @Test
  void aJvmChildUsingSvc4jsOwnSdNotifyIsReadyThenRestartedWhenItStopsPinging() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command =
        List.of(
            java,
            "-Xmx64m",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            SdNotifyJavaChild.class.getName(),
            "5");
    UnaryOperator<SupervisorConfig> options =
        c ->
            notifyOptions(Duration.ofSeconds(60), Duration.ofSeconds(2))
                .apply(c)
                .withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ON_FAILURE)
                        .withBackoff(Backoff.fixed(Duration.ofMillis(100))));
    try (var supervisor = TestSupervisors.fromCommand("sdnotify", command, options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(60))).isTrue();
      assertThat(recorder.statuses).contains("warming up: ünïcödé"); // UTF-8 byte count right
      await().atMost(60, TimeUnit.SECONDS).until(() -> recorder.count(ChildState.RUNNING) >= 2);
      assertThat(recorder.statuses).contains("stuck");
      assertThat(recorder.reasons).anyMatch(r -> r.contains("no WATCHDOG=1 within 2000 ms"));
    }
  }
}
