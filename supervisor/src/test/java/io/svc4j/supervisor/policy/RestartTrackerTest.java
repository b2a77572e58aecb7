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

  /**
   * A restart after {@code seconds} of backoff, for a run of {@code uptimeSeconds} that exited 1.
   */
  private static Decision.Restart restart(long seconds, long uptimeSeconds) {
    return new Decision.Restart(
        Duration.ofSeconds(seconds),
        new ChildEnd(ChildEnd.Cause.EXITED, 1, Duration.ofSeconds(uptimeSeconds)),
        Decision.Rule.RESTART);
  }

  @Test
  void policyNoNeverRestartsAndReportsFailureByExitCode() {
    var tracker = new RestartTracker(settings(RestartMode.NO), () -> 0.5);
    Decision first = exit(tracker, Duration.ofSeconds(5), 1);
    assertThat(first)
        .isEqualTo(
            new Decision.Exit(
                true,
                new ChildEnd(ChildEnd.Cause.EXITED, 1, Duration.ofSeconds(5)),
                Decision.Rule.MODE,
                RestartMode.NO));
    assertThat(first.reason()).isEqualTo("exited with code 1, policy no");
    assertThat(first.reason("pid 42 exited with code 1"))
        .isEqualTo("pid 42 exited with code 1, policy no");
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
    Decision stop = exit(tracker, Duration.ofMinutes(5), 3);
    assertThat(stop.rule()).isEqualTo(Decision.Rule.EXIT_CODE_STOP);
    assertThat(stop)
        .isInstanceOfSatisfying(Decision.Exit.class, e -> assertThat(e.failed()).isFalse());
    assertThat(stop.reason()).isEqualTo("exited with code 3, configured to stop");
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
      assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isEqualTo(restart(seconds, 1));
      now = now.plusSeconds(seconds);
    }
    assertThat(exit(tracker, Duration.ofSeconds(30), 1)).isEqualTo(restart(1, 30));
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isEqualTo(restart(1, 1));
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isEqualTo(restart(2, 1));
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
            f -> {
              assertThat(f.rule()).isEqualTo(Decision.Rule.CRASH_LOOP);
              assertThat(f.starts()).isEqualTo(3);
              assertThat(f.maxStarts()).isEqualTo(3);
              assertThat(f.window()).isEqualTo(Duration.ofSeconds(60));
              assertThat(f.reason())
                  .isEqualTo(
                      "exited with code 1; started 3 times within 60 s (crash-loop limit 3)");
            });
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
        .isInstanceOfSatisfying(
            Decision.Restart.class,
            r -> {
              assertThat(r.delay()).isZero();
              assertThat(r.rule()).isEqualTo(Decision.Rule.SCHEDULED);
              assertThat(r.reason()).isEqualTo("scheduled restart");
            });
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Exit.class);
  }

  @Test
  void anAdoptedPolicyKeepsTheRestartCountAndTheCrashLoopWindow() {
    var limit = new CrashLoopLimit(3, Duration.ofSeconds(60));
    var tracker = new RestartTracker(settings(RestartMode.ALWAYS).withCrashLoop(limit), () -> 0.5);
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Restart.class);
    assertThat(exit(tracker, Duration.ofSeconds(1), 1)).isInstanceOf(Decision.Restart.class);

    // A re-read file changes the mode: the new mode decides, the count and window carry over.
    var onFailure = settings(RestartMode.ON_FAILURE).withCrashLoop(limit);
    var clean = tracker.adopt(onFailure);
    assertThat(clean.restarts()).isEqualTo(2);
    assertThat(exit(clean, Duration.ofSeconds(1), 0))
        .as("on-failure: a clean exit is not restarted")
        .isInstanceOf(Decision.Exit.class);
    var failing = tracker.adopt(onFailure);
    assertThat(exit(failing, Duration.ofSeconds(1), 1))
        .as("the third start within the window, two of them before the re-read")
        .isInstanceOf(Decision.Fatal.class);
  }
}
