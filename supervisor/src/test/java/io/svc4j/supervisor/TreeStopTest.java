package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** Stopping real process trees: graceful, forced, and with grandchildren that ran away. */
class TreeStopTest {

  @TempDir Path tmp;

  private static UnaryOperator<SupervisorConfig> options(Duration stopTimeout) {
    return c ->
        c.withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
            .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
            .withStop(StopSettings.DEFAULT.withTimeout(stopTimeout));
  }

  @Test
  void aChildThatIgnoresSigtermIsKilledWithinTheStopTimeoutPlusOneSecond() throws Exception {
    Path ready = tmp.resolve("ready");
    String script =
        "import signal, time, pathlib\n"
            + "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            + "pathlib.Path('"
            + ready
            + "').write_text('x')\n"
            + "while True: time.sleep(1)\n";
    Duration timeout = Duration.ofSeconds(2);
    try (var supervisor =
        TestSupervisors.fromCommand("stubborn", Procs.python(script), options(timeout))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(ready));
      long pid = supervisor.status().pid();

      long began = System.nanoTime();
      ChildState end = supervisor.stopChild().get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      assertThat(end).isEqualTo(ChildState.STOPPED);
      assertThat(Procs.alive(pid)).isFalse();
      assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(1));
      assertThat(supervisor.status().lastExitCode()).isEqualTo(137);
    }
  }

  @Test
  void aGracefulChildGetsExactlyOneStopSignalAndTimeToDrain() throws Exception {
    Path log = tmp.resolve("signals");
    Path ready = tmp.resolve("ready");
    // Many servers treat a second TERM as "exit now, skip the drain": count what arrives.
    String script =
        String.join(
            "\n",
            "import signal, time, pathlib",
            "log = pathlib.Path('" + log + "')",
            "def term(sig, frame):",
            "    with log.open('a') as f: f.write('TERM\\n')",
            "    time.sleep(0.5)",
            "    with log.open('a') as f: f.write('drained\\n')",
            "    raise SystemExit(0)",
            "signal.signal(signal.SIGTERM, term)",
            "pathlib.Path('" + ready + "').write_text('x')",
            "while True: time.sleep(0.1)");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "graceful", Procs.python(script), options(Duration.ofSeconds(10)))) {
      supervisor.startChild();
      await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(ready));
      assertThat(supervisor.stopChild().get(30, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);
      assertThat(Files.readAllLines(log)).containsExactly("TERM", "drained");
      assertThat(supervisor.status().lastExitCode()).isZero();
    }
  }

  @Test
  void aJvmChildRunsItsShutdownHooksOnAGracefulStop() throws Exception {
    Path file = tmp.resolve("hook");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes =
        Path.of(
                ShutdownHookJavaChild.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .toString();
    var command =
        List.of(
            java,
            "-Xmx32m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classes,
            ShutdownHookJavaChild.class.getName(),
            file.toString());
    try (var supervisor =
        TestSupervisors.fromCommand("hooked-jvm", command, options(Duration.ofSeconds(20)))) {
      supervisor.startChild();
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Files.exists(file) && Files.readString(file).equals("started"));
      assertThat(supervisor.stopChild().get(60, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);
      assertThat(Files.readString(file)).isEqualTo("hook ran");
      assertThat(supervisor.status().lastExitCode()).isEqualTo(143); // 128 + SIGTERM, not KILL
    }
  }

  @Test
  void noGrandchildSurvivesAStopHoweverItEscaped() throws Exception {
    Path pids = tmp.resolve("pids");
    // In the child's group; in a new session (tagged); a new session with a scrubbed environment;
    // orphaned by a double fork (reparented to the supervisor); and one that ignores SIGTERM.
    String script =
        String.join(
            "\n",
            "sleep 600 & echo $! >> " + pids,
            "setsid sleep 601 & echo $! >> " + pids,
            "setsid env -i /bin/sleep 602 & echo $! >> " + pids,
            "sh -c 'sleep 603 & echo $! >> " + pids + "' ",
            "sh -c 'trap \"\" TERM; echo $$ >> " + pids + "; while :; do sleep 0.2; done' &",
            "echo $$ >> " + pids,
            "wait");
    try (var supervisor =
        TestSupervisors.fromCommand("forker", Procs.sh(script), options(Duration.ofSeconds(2)))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> Files.exists(pids) && Procs.pids(pids).size() == 6);
      List<Long> all = Procs.pids(pids);
      assertThat(all).allMatch(Procs::alive);

      assertThat(supervisor.stopChild().get(30, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);

      assertThat(all).noneMatch(Procs::alive);
    }
  }

  @Test
  void leftoversOfAChildThatExitedByItselfAreKilledBeforeTheRestart() throws Exception {
    Path pids = tmp.resolve("pids");
    String script = "setsid sleep 600 & echo $! >> " + pids + "; exit 1";
    UnaryOperator<SupervisorConfig> options =
        c ->
            options(Duration.ofSeconds(1))
                .apply(c)
                .withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO));
    try (var supervisor = TestSupervisors.fromCommand("leaver", Procs.sh(script), options)) {
      supervisor.startChild();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.EXITED);
      assertThat(Procs.pids(pids)).hasSize(1).noneMatch(Procs::alive);
      assertThat(supervisor.status().lastExitCode()).isEqualTo(1);
    }
  }
}
