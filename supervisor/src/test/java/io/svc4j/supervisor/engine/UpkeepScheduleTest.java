package io.svc4j.supervisor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How often the engine scans the child's tree (issue 12 point 4: an idle supervisor wakes only when
 * a setting needs it): every 5 s with a memory limit or a tree of several processes, once a minute
 * for a lone child. Fake clock and platform; the real scan is LinuxChildPlatform's.
 */
class UpkeepScheduleTest {

  private static SupervisorConfig config() {
    return SupervisorConfig.of("fake", List.of("fake-program"))
        .withReadiness(ReadinessSettings.uptime(Duration.ofSeconds(1)));
  }

  private static SupervisorConfig limited() {
    return config().withRestart(config().restart().withMaxMemory(64L << 20));
  }

  private static ChildEngineTest.Harness started(SupervisorConfig config) {
    var h = new ChildEngineTest.Harness(config);
    h.start();
    return h;
  }

  @Test
  void aLoneChildWithoutAMemoryLimitIsScannedOncePerMinute() {
    var h = started(config());
    h.advance(Duration.ofSeconds(2));
    assertThat(h.platform.upkeeps).as("first round, 2 s after the launch").isEqualTo(1);
    h.advance(Duration.ofSeconds(59));
    assertThat(h.platform.upkeeps).as("nothing for a minute").isEqualTo(1);
    h.advance(Duration.ofSeconds(1));
    assertThat(h.platform.upkeeps).isEqualTo(2);
    h.advance(Duration.ofMinutes(10));
    assertThat(h.platform.upkeeps).isEqualTo(12);
  }

  @Test
  void aMemoryLimitIsCheckedEveryFiveSeconds() {
    var h = started(limited());
    h.platform.residentBytes = 10L << 20;
    h.advance(Duration.ofSeconds(2));
    h.advance(Duration.ofSeconds(20));
    assertThat(h.platform.upkeeps).isEqualTo(5);
  }

  @Test
  void aTreeOfSeveralProcessesIsScannedEveryFiveSecondsAndALoneChildAgainOncePerMinute() {
    var h = started(config());
    h.platform.processes = 3; // it forked: descendants could leave the session or be orphaned
    h.advance(Duration.ofSeconds(2));
    h.advance(Duration.ofSeconds(10));
    assertThat(h.platform.upkeeps).isEqualTo(3);
    h.platform.processes = 1;
    h.advance(Duration.ofSeconds(5)); // the round that finds it alone
    h.advance(Duration.ofSeconds(59));
    assertThat(h.platform.upkeeps).isEqualTo(4);
  }

  @Test
  void aMemoryLimitAddedByAReloadIsEnforcedWithinFiveSeconds() throws Exception {
    var h = started(config());
    h.advance(Duration.ofSeconds(2)); // quiet: the next round would be a minute away
    var adopted = h.engine.adopt(limited());
    h.settle();
    adopted.get(1, TimeUnit.SECONDS);
    h.platform.residentBytes = 100L << 20;
    h.loop.advance(Duration.ofSeconds(5));
    h.scans();
    assertThat(h.state()).isEqualTo(ChildState.STOPPING);
    assertThat(h.reason()).contains("above max-memory 64 MiB");
  }

  @Test
  void aRestartDoesNotPostponeADueRound() {
    var h =
        started(
            limited()
                .withRestart(
                    limited().restart().withBackoff(Backoff.fixed(Duration.ofMillis(500)))));
    h.platform.residentBytes = 10L << 20;
    h.advance(Duration.ofSeconds(1));
    h.exit(1); // relaunched at 1.5 s: the round due at 2 s stays there
    h.advance(Duration.ofMillis(500));
    assertThat(h.platform.launched).hasSize(2);
    h.advance(Duration.ofMillis(500));
    assertThat(h.platform.upkeeps).isEqualTo(1);
  }

  @Test
  void noRoundAfterTheEngineIsReleased() {
    var h = started(limited());
    h.advance(Duration.ofSeconds(2));
    h.engine.release();
    h.settle();
    int before = h.platform.upkeeps;
    h.advance(Duration.ofMinutes(5));
    assertThat(h.platform.upkeeps).isEqualTo(before);
  }
}
