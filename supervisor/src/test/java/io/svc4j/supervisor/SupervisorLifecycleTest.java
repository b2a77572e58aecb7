package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.CrashLoopLimit;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
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

/** Real child processes through the whole state machine. */
class SupervisorLifecycleTest {

  @TempDir Path tmp;

  private static RestartSettings quickRestarts(RestartMode mode, int maxStarts) {
    return RestartSettings.DEFAULT
        .withMode(mode)
        .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 2.0, 0.0))
        .withCrashLoop(new CrashLoopLimit(maxStarts, Duration.ofSeconds(60)));
  }

  @Test
  void aChildThatCrashesAtOnceBacksOffThenGoesFatal() throws Exception {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(quickRestarts(RestartMode.ON_FAILURE, 3))
                .withReadiness(ReadinessSettings.uptime(Duration.ofSeconds(1)));
    try (var supervisor = TestSupervisors.fromCommand("crasher", Procs.sh("exit 3"), options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.FATAL);
      assertThat(recorder.states)
          .containsExactly(
              ChildState.STARTING,
              ChildState.BACKOFF,
              ChildState.STARTING,
              ChildState.BACKOFF,
              ChildState.STARTING,
              ChildState.FATAL);
      assertThat(supervisor.status().restarts()).isEqualTo(2);
      assertThat(supervisor.status().lastExitCode()).isEqualTo(3);
      assertThat(supervisor.status().reason()).contains("crash-loop limit 3");
      assertThat(recorder.reasons.get(1)).contains("exited with code 3; restarting in 100 ms");
      assertThat(recorder.reasons.get(3)).contains("restarting in 200 ms");
    }
  }

  @Test
  void aChildStableForStartSecondsIsRunningAndACleanExitUnderOnFailureIsExited() throws Exception {
    Path go = tmp.resolve("go");
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(quickRestarts(RestartMode.ON_FAILURE, 5))
                .withReadiness(ReadinessSettings.uptime(Duration.ofMillis(300)));
    var script = "while [ ! -e '" + go + "' ]; do sleep 0.05; done; exit 0";
    try (var supervisor = TestSupervisors.fromCommand("clean", Procs.sh(script), options)) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      assertThat(supervisor.status().pid()).isPositive();
      Files.createFile(go);
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.EXITED);
      assertThat(supervisor.status().lastExitCode()).isZero();
      assertThat(supervisor.status().restarts()).isZero();
    }
  }

  @Test
  void alwaysRestartsAKilledChildAndAStopIsFinal() throws Exception {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(quickRestarts(RestartMode.ALWAYS, 10))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO));
    try (var supervisor =
        TestSupervisors.fromCommand("sleeper", List.of("sleep", "600"), options)) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      long first = supervisor.status().pid();
      ProcessHandle.of(first).orElseThrow().destroyForcibly();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(
              () ->
                  supervisor.status().state() == ChildState.RUNNING
                      && supervisor.status().pid() != first);
      assertThat(supervisor.status().restarts()).isEqualTo(1);
      assertThat(supervisor.status().lastExitCode()).isEqualTo(137);
      long second = supervisor.status().pid();
      assertThat(supervisor.stopChild().get(20, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);
      assertThat(Procs.alive(second)).isFalse();
    }
  }

  @Test
  void environmentFilesAreReadAtEveryLaunchAndFeedTheExpansion() throws Exception {
    Path envFile = tmp.resolve("app.env");
    Files.writeString(envFile, "COLOR=red\n");
    Path out = tmp.resolve("out");
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withEnvironment(java.util.Map.of("DERIVED", "${COLOR}-car"), true)
                .withEnvironmentFiles(
                    List.of(envFile.toString(), "-" + tmp.resolve("optional.env")))
                .withRestart(quickRestarts(RestartMode.ALWAYS, 10))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO));
    String script = "echo \"$COLOR $DERIVED\" >> " + out + "; sleep 600";
    try (var supervisor = TestSupervisors.fromCommand("envfile", Procs.sh(script), options)) {
      supervisor.startChild();
      await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(out));
      Files.writeString(envFile, "COLOR=blue\n");
      ProcessHandle.of(supervisor.status().pid()).orElseThrow().destroyForcibly();
      await().atMost(20, TimeUnit.SECONDS).until(() -> Files.readAllLines(out).size() == 2);
      assertThat(Files.readAllLines(out)).containsExactly("red red-car", "blue blue-car");
    }
  }
}
