package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.CrashLoopLimit;
import io.svc4j.supervisor.config.HookSettings;
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

/** Hooks around the child's life, real shell commands. */
class HooksTest {

  @TempDir Path tmp;

  private List<String> record(Path events, String extra) {
    return Procs.sh(
        "echo \"$SVC4J_HOOK state=$SVC4J_STATE pid=${SVC4J_PID:-} exit=${SVC4J_EXIT_CODE:-}"
            + " restarts=$SVC4J_RESTARTS\" >> "
            + events
            + extra);
  }

  @Test
  void hooksRunInOrderWithTheirEventInTheEnvironment() throws Exception {
    Path events = tmp.resolve("events");
    var hooks =
        new HookSettings(
            record(events, ""),
            record(events, ""),
            record(events, ""),
            record(events, ""),
            Duration.ofSeconds(10));
    UnaryOperator<SupervisorConfig> options =
        c -> c.withHooks(hooks).withReadiness(ReadinessSettings.uptime(Duration.ofMillis(100)));
    try (var supervisor = TestSupervisors.fromCommand("hooked", List.of("sleep", "600"), options)) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      long pid = supervisor.status().pid();
      await().atMost(10, TimeUnit.SECONDS).until(() -> Files.readAllLines(events).size() == 2);
      assertThat(supervisor.stopChild().get(30, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);
      supervisor.close(); // waits for the post-stop hook
      assertThat(Files.readAllLines(events))
          .containsExactly(
              "pre-start state=STARTING pid= exit= restarts=0",
              "post-start state=RUNNING pid=" + pid + " exit= restarts=0",
              "pre-stop state=STOPPING pid=" + pid + " exit= restarts=0",
              "post-stop state=STOPPING pid=" + pid + " exit=143 restarts=0");
    }
  }

  @Test
  void aFailingPreStartHookAbortsTheStartAndCountsAsAFailedRun() throws Exception {
    Path events = tmp.resolve("events");
    var hooks = new HookSettings(record(events, "; exit 4"), null, null, null, null);
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withHooks(hooks)
                .withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ON_FAILURE)
                        .withBackoff(Backoff.fixed(Duration.ofMillis(50)))
                        .withCrashLoop(new CrashLoopLimit(2, Duration.ofSeconds(60))));
    Path marker = tmp.resolve("launched");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "blocked", Procs.sh("touch " + marker + "; sleep 600"), options)) {
      supervisor.startChild();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.FATAL);
      assertThat(supervisor.status().reason())
          .startsWith("pre-start hook failed: /bin/sh exited with code 4; started 2 times");
      assertThat(Files.readAllLines(events)).hasSize(2);
      assertThat(marker).doesNotExist();
    }
  }

  @Test
  void aHookThatHangsIsKilledAtItsTimeoutWithWhatItStarted() throws Exception {
    Path pids = tmp.resolve("pids");
    var hooks =
        new HookSettings(
            Procs.sh("sleep 600 & echo $! >> " + pids + "; wait"),
            null,
            null,
            null,
            // Long enough for the shell to write the pid on a loaded machine (500 ms was not).
            Duration.ofSeconds(3));
    UnaryOperator<SupervisorConfig> options =
        c -> c.withHooks(hooks).withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO));
    try (var supervisor = TestSupervisors.fromCommand("slow", List.of("sleep", "600"), options)) {
      supervisor.startChild();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.EXITED);
      assertThat(supervisor.status().reason()).contains("took longer than 3000 ms");
      assertThat(Procs.pids(pids)).hasSize(1).noneMatch(Procs::alive);
    }
  }
}
