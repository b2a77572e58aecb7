package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts the supervisor triggers itself: a line of output, too much memory. */
class RestartTriggerTest {

  @TempDir Path tmp;

  private static RestartSettings always() {
    return RestartSettings.DEFAULT
        .withMode(RestartMode.ON_FAILURE)
        .withBackoff(Backoff.fixed(Duration.ofMillis(100)));
  }

  @Test
  void aLineMatchingARestartPatternRestartsTheChild() throws Exception {
    String script =
        "echo starting; echo 'Exception in thread main java.lang.OutOfMemoryError: Java heap"
            + " space' >&2; sleep 600";
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(always().withOnOutput(List.of("OutOfMemoryError")))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(tmp));
    try (var supervisor = TestSupervisors.fromCommand("oom", Procs.sh(script), options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.count(ChildState.STARTING) >= 2);
      assertThat(recorder.reasons)
          .anyMatch(
              r ->
                  r.startsWith("STOPPING: stopping child: output matched /OutOfMemoryError/:")
                      && r.contains("Java heap space"));
      assertThat(recorder.reasons)
          .anyMatch(r -> r.contains("its output matched a restart pattern; restarting in 100 ms"));
    }
  }

  @Test
  void aTreeAboveItsMemoryLimitIsRestarted() throws Exception {
    // ~100 MB resident in a grandchild: the limit is on the whole tree, not just the child.
    String script = "python3 -c \"import time; b = b'x' * (100 << 20); time.sleep(600)\" & wait";
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(always().withMaxMemory(50L << 20))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO));
    try (var supervisor = TestSupervisors.fromCommand("hog", Procs.sh(script), options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      await().atMost(60, TimeUnit.SECONDS).until(() -> recorder.count(ChildState.STARTING) >= 2);
      assertThat(recorder.reasons)
          .anyMatch(
              r ->
                  r.startsWith("STOPPING: stopping child: its tree uses ")
                      && r.contains("above max-memory 50 MiB"));
    }
  }

  @Test
  void badTriggersAreRejectedBeforeAnythingStarts() {
    assertThatThrownBy(() -> always().withOnOutput(List.of("ok", "([unclosed")))
        .hasMessageStartingWith("on-output[1]: '([unclosed' is not a valid regular expression");
    assertThatThrownBy(
            () ->
                TestSupervisors.fromCommand(
                    "x", List.of("true"), c -> c.withRestart(always().withOnOutput(List.of("x")))))
        .hasMessageStartingWith("restart.on-output: needs log capture");
    assertThatThrownBy(() -> always().withMaxMemory(1000L))
        .hasMessageStartingWith("max-memory: must be at least 1 MiB");
  }

  @Test
  void aCronScheduleRestartsARunningChild() throws Exception {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                    RestartSettings.DEFAULT.withMode(RestartMode.NO).withSchedule("*/2 * * * * *"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO));
    try (var supervisor = TestSupervisors.fromCommand("cron", List.of("sleep", "600"), options)) {
      var recorder = new Recorder();
      supervisor.addListener(recorder);
      supervisor.startChild();
      await().atMost(30, TimeUnit.SECONDS).until(() -> recorder.count(ChildState.RUNNING) >= 2);
      assertThat(recorder.reasons)
          .contains("STOPPING: scheduled restart (cron '*/2 * * * * *')")
          .contains("BACKOFF: scheduled restart; restarting in 0 ms");
    }
  }

  @Test
  void aBadCronExpressionIsNamed() {
    assertThatThrownBy(() -> always().withSchedule("every day"))
        .hasMessageStartingWith("schedule: 'every day' is not a cron expression");
    assertThatThrownBy(() -> always().withSchedule("61 * * * *"))
        .hasMessageStartingWith("schedule: '61 * * * *' is not a valid cron expression");
    assertThat(
            io.svc4j.supervisor.config.CronSchedule.parse("0 4 * * *", "s")
                .untilNext(java.time.ZonedDateTime.parse("2026-01-01T03:59:00Z")))
        .contains(Duration.ofMinutes(1));
  }
}
