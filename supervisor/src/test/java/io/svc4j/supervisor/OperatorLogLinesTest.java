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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an operator reads in the supervisor's log about restarts: words, not record text. */
class OperatorLogLinesTest {

  @RegisterExtension final SupervisorLogLines log = new SupervisorLogLines();

  @Test
  void restartAndGiveUpDecisionsAreLoggedInWords() throws Exception {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ON_FAILURE)
                        .withBackoff(
                            new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), 2.0, 0.0))
                        .withCrashLoop(new CrashLoopLimit(2, Duration.ofSeconds(60))))
                .withReadiness(ReadinessSettings.uptime(Duration.ofSeconds(1)));
    try (var supervisor = TestSupervisors.fromCommand("crasher", Procs.sh("exit 3"), options)) {
      supervisor.startChild();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().state() == ChildState.FATAL);
    }
    List<String> lines = log.all();

    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l).matches("crasher: pid \\d+ exited with code 3; restarting in 100 ms"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "crasher: pid \\d+ exited with code 3; started 2 times within 60 s"
                            + " \\(crash-loop limit 2\\); giving up"));
    assertThat(lines.stream().filter(l -> l.startsWith("crasher: pid ")).toList())
        .hasSizeGreaterThanOrEqualTo(2)
        .as("no Java record text (Restart[delay=PT0.1S, reason=...]) in operator lines")
        .noneMatch(
            l ->
                l.matches(".*\\b(Restart|Exit|Fatal|Stopped)\\b.*")
                    || l.contains("=PT")
                    || l.contains(" by rule "));
  }
}
