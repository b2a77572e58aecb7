package io.svc4j.supervisor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.CrashLoopLimit;
import io.svc4j.supervisor.config.ExitAction;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartTrackerTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private static RestartSettings settings(RestartMode mode) {
    return RestartSettings.DEFAULT
        .withMode(mode)
        .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2.0, 0.0))
        .withResetAfter(Duration.ofSeconds(30))
        .withCrashLoop(new CrashLoopLimit(100, Duration.ofSeconds(60)));
  }

  /**
   * Starts the child, lets it run {@code uptime} on the fake clock, ends it, returns the verdict.
   */
  private Decision run(RestartTracker tracker, Duration uptime, ChildEnd.Cause cause, int code) {
    tracker.recordStart(now);
    now = now.plus(uptime);
    return tracker.onEnd(new ChildEnd(cause, code, uptime), now);
  }

  private Decision exit(RestartTracker tracker, Duration uptime, int code) {
    return run(tracker, uptime, ChildEnd.Cause.EXITED, code);
  }

  @Test
  void policyNoNeverRestartsAndReportsFailureByExitCode() {
    var tracker = new RestartTracker(settings(RestartMode.NO), () -> 0.5);
    assertThat(exit(tracker, Duration.ofSeconds(5), 1))
        .isEqualTo(new Decision.Exit(true, "exited with code 1, policy no"));
    assertThat(exit(tracker, Duration.ofSeconds(5), 0))
        .isInstanceOfSatisfying(Decision.Exit.class, e -> assertThat(e.failed()).isFalse());
    assertThat(run(tracker, Duration.ofSeconds(5), ChildEnd.Cause.HUNG, -1))
        .isInstanceOfSatisfying(Decision.Exit.class, e -> assertThat(e.failed()).isTrue());
  }

  @Test
  void onFailureRestartsFailuresHangsAndUnhealthyButNotCleanExits() {
    var tracker = new RestartTracker(settings(RestartMode.ON_FAILURE), () -> 0.5);
    assertThat(exit(tracker, Duration.ofMinutes(5), 1)).isInstanceOf(Decision.Restart.class);
    assertThat(exit(tracker, Duration.ofMinutes(5), 137)).isInstanceOf(Decision.Restart.class);
    assertThat(run(tracker, Duration.ofMinutes(5), ChildEnd.Cause.HUNG, -1))
        .isInstanceOf(Decision.Restart.class);
    assertThat(run(tracker, Duration.ofMinutes(5), ChildEnd.Cause.UNHEALTHY, -1))
        .isInstanceOf(Decision.Restart.class);
    assertThat(exit(tracker, Duration.ofMinutes(5), 0)).isInstanceOf(Decision.Exit.class);
  }

  @Test
  void alwaysAndUnlessStoppedRestartCleanExitsButNeverARequestedStop() {
    for (RestartMode mode : new RestartMode[] {RestartMode.ALWAYS, RestartMode.UNLESS_STOPPED}) {
      var tracker = new RestartTracker(settings(mode), () -> 0.5);
      assertThat(exit(tracker, Duration.ofMinutes(5), 0)).isInstanceOf(Decision.Restart.class);
      assertThat(run(tracker, Duration.ofMinutes(5), ChildEnd.Cause.STOPPED, 143))
          .isInstanceOf(Decision.Stopped.class);
    }
  }

  @Test
  void perExitCodeActionsOverrideTheMode() {
    var settings =
        settings(RestartMode.ON_FAILURE)
            .withOnExit(Map.of(3, ExitAction.STOP, 75, ExitAction.RESTART, 143, ExitAction.IGNORE));
    var tracker = new RestartTracker(settings, () -> 0.5);
    assertThat(exit(tracker, Duration.ofMinutes(5), 3))
        .isEqualTo(new Decision.Exit(false, "exited with code 3, configured to stop"));
    assertThat(exit(tracker, Duration.ofMinutes(5), 143))
        .isInstanceOfSatisfying(Decision.Exit.class, e -> assertThat(e.failed()).isFalse());

    var no = new RestartTracker(settings.withMode(RestartMode.NO), () -> 0.5);
    assertThat(exit(no, Duration.ofMinutes(5), 75)).isInstanceOf(Decision.Restart.class);

    var always = new RestartTracker(settings.withMode(RestartMode.ALWAYS), () -> 0.5);
    assertThat(exit(always, Duration.ofMinutes(5), 143)).isInstanceOf(Decision.Restart.class);
  }

  @Test
  void backoffDoublesForShortRunsUpToTheCapAndResetsAfterAStableRun() {
    var tracker = new RestartTracker(settings(RestartMode.ALWAYS), () -> 0.5);
    long[] expected = {1, 2, 4, 8, 8};
    for (long seconds : expected) {
      assertThat(exit(tracker, Duration.ofSeconds(1), 1))
          .isEqualTo(new Decision.Restart(Duration.ofSeconds(seconds), "exited with code 1"));
      now = now.plusSeconds(seconds);
    }
    assertThat(exit(tracker, Duration.ofSeconds(30), 1))
        .isEqualTo(new Decision.Restart(Duration.ofSeconds(1), "exited with code 1"));
    assertThat(exit(tracker, Duration.ofSeconds(1), 1))
        .isEqualTo(new Decision.Restart(Duration.ofSeconds(1), "exited with code 1"));
    assertThat(exit(tracker, Duration.ofSeconds(1), 1))
        .isEqualTo(new Decision.Restart(Duration.ofSeconds(2), "exited with code 1"));
    assertThat(tracker.restarts()).isEqualTo(8);
  }

  @Test
  void jitterSpreadsTheDelayWithinItsFractionAndNeverAboveTheCap() {
    var backoff = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(10), 2.0, 0.2);
    var low = new RestartTracker(settings(RestartMode.ALWAYS).withBackoff(backoff), () -> 0.0);
    var high = new RestartTracker(settings(RestartMode.ALWAYS).withBackoff(backoff), () -> 0.999);
    var mid =
        new RestartTracker(
            settings(RestartMode.ALWAYS)
                .withBackoff(new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(20), 2.0, 0.2)),
            () -> 0.75);
    assertThat(((Decision.Restart) exit(low, Duration.ofSeconds(1), 1)).delay())
        .isEqualTo(Duration.ofSeconds(8));
    assertThat(((Decision.Restart) exit(high, Duration.ofSeconds(1), 1)).delay())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(((Decision.Restart) exit(mid, Duration.ofSeconds(1), 1)).delay())
        .isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void crashLoopLimitMakesTheNthStartWithinTheWindowFatal() {
    var settings =
        settings(RestartMode.ALWAYS).withCrashLoop(new CrashLoopLimit(3, Duration.ofSeconds(60)));
    var tracker = new RestartTracker(settings, () -> 0.5);
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Restart.class);
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Restart.class);
    assertThat(exit(tracker, Duration.ofSeconds(1), 1))
        .isInstanceOfSatisfying(
            Decision.Fatal.class,
            f -> assertThat(f.reason()).contains("started 3 times within 60 s"));
  }

  @Test
  void startsOutsideTheWindowDoNotCountTowardsTheCrashLoop() {
    var settings =
        settings(RestartMode.ALWAYS).withCrashLoop(new CrashLoopLimit(3, Duration.ofSeconds(60)));
    var tracker = new RestartTracker(settings, () -> 0.5);
    for (int i = 0; i < 10; i++) {
      assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Restart.class);
      now = now.plusSeconds(31);
    }
    tracker.reset();
  }

  @Test
  void aManualStartAfterFatalBeginsAfresh() {
    var settings =
        settings(RestartMode.ALWAYS).withCrashLoop(new CrashLoopLimit(1, Duration.ofSeconds(60)));
    var tracker = new RestartTracker(settings, () -> 0.5);
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Fatal.class);
    tracker.reset();
    tracker.recordStart(now);
    now = now.plusSeconds(1);
    tracker.reset();
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Fatal.class);
  }

  @Test
  void aScheduledRestartHappensWhateverTheModeAtOnceAndResetsTheBackoff() {
    var tracker = new RestartTracker(settings(RestartMode.NO), () -> 0.5);
    assertThat(run(tracker, Duration.ofSeconds(1), ChildEnd.Cause.SCHEDULED, 143))
        .isEqualTo(new Decision.Restart(Duration.ZERO, "scheduled restart"));
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Exit.class);
  }
}
