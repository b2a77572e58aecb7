package io.svc4j.supervisor.engine;

import static io.svc4j.supervisor.engine.ChildState.BACKOFF;
import static io.svc4j.supervisor.engine.ChildState.EXITED;
import static io.svc4j.supervisor.engine.ChildState.FATAL;
import static io.svc4j.supervisor.engine.ChildState.RUNNING;
import static io.svc4j.supervisor.engine.ChildState.STARTING;
import static io.svc4j.supervisor.engine.ChildState.STOPPED;
import static io.svc4j.supervisor.engine.ChildState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.CrashLoopLimit;
import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.config.HealthProbe;
import io.svc4j.supervisor.config.HookSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.health.HealthMonitor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The engine against a fake platform and a clock the test advances: every move of {@link
 * ChildState}'s table, driven without a process, a thread or a sleep. What real processes do (the
 * signals, the tree, the escalation's timing) is proven by the real-process tests
 * (SupervisorLifecycleTest, TreeStopTest, NotifyTest, ...).
 */
class ChildEngineTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  /** One engine with its fakes, recording every move it makes. */
  static final class Harness {
    final FakeLoop loop = new FakeLoop();
    final FakePlatform platform = new FakePlatform();
    final ArrayDeque<Runnable> hookThread = new ArrayDeque<>();
    final ArrayDeque<Runnable> scanThread = new ArrayDeque<>();
    final List<HealthMonitor.Listener> healthListeners = new ArrayList<>();
    final List<String> moves = new ArrayList<>();
    final ChildEngine engine;

    Harness(SupervisorConfig config) {
      Executor hooks = hookThread::add;
      HealthWatch.Starter health =
          (settings, listener, name, prefix) -> {
            healthListeners.add(listener);
            return new HealthWatch() {
              @Override
              public String lastResult() {
                return "";
              }

              @Override
              public void close() {}
            };
          };
      // A scan returns at once, as the event loop's next task would see it; while the platform's
      // scans hang it waits in scanThread until they stop hanging.
      Executor scans =
          task -> {
            if (platform.scansHang) {
              scanThread.add(task);
            } else {
              task.run();
            }
          };
      var parts = new EngineParts(platform, loop, hooks, hooks, scans, health, () -> 0.5);
      engine = new ChildEngine(config, parts, Map.of(), null, Path.of("/nonexistent/runtime"));
      engine.addListener(
          new SupervisorListener() {
            @Override
            public void stateChanged(ChildState from, ChildState to, String reason) {
              moves.add(from + "->" + to);
            }
          });
    }

    /**
     * Runs what is queued: events, then whatever waits on the scan thread (unless its scans hang)
     * and on the hook/stop thread.
     */
    Harness settle() {
      loop.runPending();
      while (true) {
        Runnable task = platform.scansHang ? null : scanThread.poll();
        if (task == null) {
          task = hookThread.poll();
        }
        if (task == null) {
          return this;
        }
        task.run();
        loop.runPending();
      }
    }

    /** Runs the scans queued, then the events they reported; not the hook/stop thread. */
    Harness scans() {
      loop.runPending();
      Runnable task;
      while ((task = scanThread.poll()) != null) {
        task.run();
        loop.runPending();
      }
      return this;
    }

    Harness advance(Duration time) {
      settle();
      loop.advance(time);
      return settle();
    }

    ChildState state() {
      return engine.status().state();
    }

    String reason() {
      return engine.status().reason();
    }

    FakeProcess child() {
      return platform.child();
    }

    void start() {
      engine.start();
      settle();
    }

    /** The child exits with {@code code} (its onExit fires on this thread). */
    void exit(int code) {
      child().exit(code);
      settle();
    }

    CompletableFuture<ChildState> stop() {
      var done = engine.stop();
      loop.runPending();
      return done;
    }
  }

  private static SupervisorConfig config() {
    return SupervisorConfig.of("fake", List.of("fake-program"))
        .withReadiness(ReadinessSettings.uptime(SECOND))
        .withRestart(RestartSettings.DEFAULT.withBackoff(Backoff.fixed(Duration.ofSeconds(2))));
  }

  private static SupervisorConfig notifying(Duration startTimeout, Duration watchdog) {
    return config().withReadiness(ReadinessSettings.notify(startTimeout, watchdog));
  }

  private static SupervisorConfig restarting(SupervisorConfig config, RestartMode mode) {
    return config.withRestart(config.restart().withMode(mode));
  }

  // ---------------------------------------------------------------- scenarios

  /** STOPPED -> STARTING -> RUNNING after start-seconds of uptime, not before. */
  static Harness uptimeReadiness() {
    var h = new Harness(config());
    assertThat(h.state()).isEqualTo(STOPPED);
    h.start();
    assertThat(h.state()).isEqualTo(STARTING);
    assertThat(h.platform.launched).hasSize(1);
    h.advance(Duration.ofMillis(999));
    assertThat(h.state()).isEqualTo(STARTING);
    h.advance(Duration.ofMillis(1));
    assertThat(h.state()).isEqualTo(RUNNING);
    assertThat(h.engine.status().pid()).isEqualTo(h.child().pid());
    return h;
  }

  /** RUNNING -> BACKOFF -> STARTING: a crash waits out the backoff delay, then a new launch. */
  static Harness backoffAfterCrash() {
    var h = uptimeReadiness();
    h.exit(1);
    assertThat(h.state()).isEqualTo(BACKOFF);
    assertThat(h.reason()).contains("restarting in 2000 ms");
    h.advance(Duration.ofMillis(1999));
    assertThat(h.platform.launched).hasSize(1);
    h.advance(Duration.ofMillis(1));
    assertThat(h.state()).isEqualTo(STARTING);
    assertThat(h.platform.launched).hasSize(2);
    assertThat(h.engine.status().restarts()).isEqualTo(1);
    assertThat(h.engine.status().lastExitCode()).isEqualTo(1);
    return h;
  }

  /**
   * Crashes within the crash-loop window: STARTING -> BACKOFF while short, and after the limit
   * RUNNING -> FATAL (or STARTING -> FATAL), ended as failed.
   */
  static Harness crashLoopToFatal(boolean crashWhileStarting) {
    var config =
        config()
            .withRestart(
                config().restart().withCrashLoop(new CrashLoopLimit(3, Duration.ofSeconds(60))));
    var h = new Harness(config);
    h.start();
    for (int i = 1; i <= 3; i++) {
      if (!crashWhileStarting) {
        h.advance(SECOND);
        assertThat(h.state()).isEqualTo(RUNNING);
      }
      h.exit(1);
      if (i < 3) {
        assertThat(h.state()).isEqualTo(BACKOFF);
        h.advance(Duration.ofSeconds(2));
        assertThat(h.state()).isEqualTo(STARTING);
      }
    }
    assertThat(h.state()).isEqualTo(FATAL);
    assertThat(h.reason()).contains("started 3 times within 60 s (crash-loop limit 3)");
    assertThat(h.engine.endedFailed()).isTrue();
    h.advance(Duration.ofMinutes(5));
    assertThat(h.platform.launched).hasSize(3); // FATAL is final: no launch by itself
    return h;
  }

  /** FATAL -> STARTING, EXITED -> STARTING: only an operator's start leaves a final state. */
  static Harness startAgainFromFinal() {
    var h = crashLoopToFatal(false);
    h.start();
    assertThat(h.state()).isEqualTo(STARTING);
    assertThat(h.engine.endedFailed()).isFalse();
    h.advance(SECOND);
    h.exit(0); // RUNNING -> EXITED: a clean end under on-failure
    assertThat(h.state()).isEqualTo(EXITED);
    assertThat(h.engine.endedFailed()).isFalse();
    h.start();
    assertThat(h.state()).isEqualTo(STARTING);
    h.exit(0); // STARTING -> EXITED
    assertThat(h.state()).isEqualTo(EXITED);
    return h;
  }

  /** RUNNING -> STOPPING -> BACKOFF: no WATCHDOG=1 in time; a thread dump first, then the stop. */
  static Harness watchdogHang() {
    var h = new Harness(notifying(Duration.ofSeconds(30), Duration.ofSeconds(2)));
    h.start();
    assertThat(h.platform.environments.getFirst())
        .containsEntry("WATCHDOG_USEC", "2000000")
        .containsKey("NOTIFY_SOCKET");
    h.platform.send("READY=1\nSTATUS=serving");
    h.settle();
    assertThat(h.state()).isEqualTo(RUNNING); // STARTING -> RUNNING: readiness via notify
    assertThat(h.engine.status().childStatus()).isEqualTo("serving");
    for (int i = 0; i < 5; i++) { // pings keep it alive
      h.advance(Duration.ofMillis(1500));
      h.platform.send("WATCHDOG=1");
      h.settle();
    }
    assertThat(h.state()).isEqualTo(RUNNING);
    h.loop.advance(Duration.ofSeconds(2));
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(h.reason()).contains("stopping hung child: no WATCHDOG=1 within 2000 ms");
    h.settle(); // the stop thread: dump, then stop the tree
    assertThat(h.platform.threadDumps).containsExactly(h.child().pid());
    assertThat(h.platform.stops).containsExactly("TERM " + h.child().pid());
    assertThat(h.state()).isEqualTo(BACKOFF);
    return h;
  }

  /** STARTING -> STOPPING -> BACKOFF: not ready within start-timeout; EXTEND_TIMEOUT_USEC helps. */
  static Harness startTimeout() {
    var h = new Harness(notifying(Duration.ofSeconds(5), null));
    h.start();
    h.advance(Duration.ofSeconds(4));
    h.platform.send("EXTEND_TIMEOUT_USEC=3000000"); // 3 s from now: until t=7 s
    h.settle();
    h.advance(Duration.ofMillis(2999));
    assertThat(h.state()).isEqualTo(STARTING);
    h.loop.advance(Duration.ofMillis(1));
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(h.reason()).isEqualTo("stopping child that did not become ready");
    h.settle();
    assertThat(h.state()).isEqualTo(BACKOFF);
    assertThat(h.platform.threadDumps).isEmpty();
    return h;
  }

  /**
   * STARTING/RUNNING -> STOPPING -> STOPPED on request: the stop asks for the configured signal and
   * timeout, STOPPING holds until the stop thread reports the tree gone, and a child that ignores
   * the graceful signal is killed; no restart follows.
   */
  static Harness stopEscalation() {
    var config =
        restarting(config(), RestartMode.ALWAYS)
            .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(3)));
    var h = new Harness(config);
    h.start();
    h.advance(SECOND);
    h.platform.ignoresGracefulStop = true;
    var done = h.stop();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(done).isNotDone(); // the tree is not gone: the stop thread has not run
    h.settle();
    assertThat(h.platform.stopRequests.getFirst().linuxSignal()).isEqualTo(15);
    assertThat(h.platform.stopRequests.getFirst().timeout()).isEqualTo(Duration.ofSeconds(3));
    long pid = h.child().pid();
    assertThat(h.platform.stops).containsExactly("TERM " + pid, "KILL " + pid);
    assertThat(done).isCompletedWithValue(STOPPED);
    assertThat(h.state()).isEqualTo(STOPPED);
    assertThat(h.engine.status().lastExitCode()).isEqualTo(137);
    h.advance(Duration.ofMinutes(1));
    assertThat(h.platform.launched).hasSize(1); // ALWAYS, but a requested stop is not restarted
    return h;
  }

  /**
   * unless-stopped: a crash is restarted, an operator's stop is not, and a stop during the backoff
   * delay (BACKOFF -> STOPPED) cancels the launch.
   */
  static Harness operatorStopUnlessStopped() {
    var h = new Harness(restarting(config(), RestartMode.UNLESS_STOPPED));
    h.start();
    h.advance(SECOND);
    h.exit(0); // even a clean exit restarts under unless-stopped
    assertThat(h.state()).isEqualTo(BACKOFF);
    var duringBackoff = h.stop();
    assertThat(duringBackoff).isCompletedWithValue(STOPPED);
    assertThat(h.reason()).isEqualTo("stopped on request during backoff");
    h.advance(Duration.ofMinutes(1));
    assertThat(h.platform.launched).hasSize(1);
    h.start();
    h.advance(SECOND);
    var done = h.stop();
    h.settle();
    assertThat(done).isCompletedWithValue(STOPPED);
    h.advance(Duration.ofMinutes(1));
    assertThat(h.platform.launched).hasSize(2);
    return h;
  }

  /** RUNNING -> STOPPING -> BACKOFF -> STARTING at restart.schedule's time, with no delay. */
  static Harness scheduledRestart() {
    var h =
        new Harness(
            config().withRestart(config().restart().withSchedule("*/5 * * * *"))); // 10:00 now
    h.start();
    h.advance(SECOND);
    h.loop.advance(Duration.ofMinutes(5).minusSeconds(2));
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(RUNNING);
    h.loop.advance(SECOND); // 10:05:00
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(h.reason()).isEqualTo("scheduled restart (cron '*/5 * * * *')");
    h.settle();
    h.advance(Duration.ZERO);
    assertThat(h.state()).isEqualTo(STARTING);
    assertThat(h.platform.launched).hasSize(2);
    return h;
  }

  /** Readiness by health check (STARTING -> RUNNING), then unhealthy: RUNNING -> STOPPING. */
  static Harness healthRestart() {
    var check =
        HealthCheckSettings.of(
            HealthProbe.Http.ok(URI.create("http://127.0.0.1:1/health")), Duration.ofSeconds(5));
    var h =
        new Harness(
            config()
                .withHealthCheck(check)
                .withReadiness(ReadinessSettings.health(Duration.ofSeconds(30))));
    h.start();
    h.advance(Duration.ofSeconds(10));
    assertThat(h.state()).isEqualTo(STARTING); // uptime alone does not make it ready
    h.healthListeners.getFirst().healthy();
    h.settle();
    assertThat(h.state()).isEqualTo(RUNNING);
    h.healthListeners.getFirst().unhealthy("HTTP 500");
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(h.reason()).isEqualTo("stopping unhealthy child: HTTP 500");
    h.settle();
    assertThat(h.state()).isEqualTo(BACKOFF);
    return h;
  }

  /** RUNNING -> STOPPING -> BACKOFF when the upkeep finds the tree above max-memory. */
  static Harness memoryRestart() {
    var h = new Harness(config().withRestart(config().restart().withMaxMemory(64L << 20)));
    h.start();
    h.advance(SECOND); // the upkeep's first round (at 2 s) finds 10 MiB
    h.platform.residentBytes = 10L << 20;
    h.advance(Duration.ofSeconds(2));
    assertThat(h.state()).isEqualTo(RUNNING);
    h.platform.residentBytes = 100L << 20;
    h.loop.advance(Duration.ofSeconds(5));
    h.scans();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(h.reason())
        .isEqualTo("stopping child: its tree uses 100 MiB, above max-memory 64 MiB");
    h.settle();
    assertThat(h.state()).isEqualTo(BACKOFF);
    return h;
  }

  /**
   * A child that exits but leaves processes behind: RUNNING -> STOPPING (clean-up, no pre-stop
   * hook) -> EXITED under restart: no; a hang under restart: no ends STOPPING -> EXITED too.
   */
  static Harness leftBehindAndNoRestart() {
    var h = new Harness(restarting(config(), RestartMode.NO));
    h.start();
    h.advance(SECOND);
    h.platform.leavesTreeBehind = true;
    h.child().exit(0);
    h.scans();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(h.reason()).isEqualTo("cleaning up the tree");
    h.settle();
    assertThat(h.state()).isEqualTo(EXITED);
    assertThat(h.engine.status().lastExitCode()).isEqualTo(0);
    return h;
  }

  /** A start timeout that hits the crash-loop limit: STOPPING -> FATAL. */
  static Harness startTimeoutsToFatal() {
    var config =
        notifying(Duration.ofSeconds(5), null)
            .withRestart(
                config().restart().withCrashLoop(new CrashLoopLimit(2, Duration.ofSeconds(60))));
    var h = new Harness(config);
    h.start();
    h.advance(Duration.ofSeconds(5));
    assertThat(h.state()).isEqualTo(BACKOFF);
    h.advance(Duration.ofSeconds(2));
    h.advance(Duration.ofSeconds(5));
    assertThat(h.state()).isEqualTo(FATAL);
    assertThat(h.moves).endsWith("STARTING->STOPPING", "STOPPING->FATAL");
    return h;
  }

  /** A stop during the pre-start hook: STARTING -> STOPPING -> STOPPED, nothing launched. */
  static Harness stopDuringPreStartHook() {
    var hooks = new HookSettings(List.of("pre"), null, null, null, Duration.ofSeconds(5));
    var h = new Harness(config().withHooks(hooks));
    h.engine.start();
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(STARTING);
    assertThat(h.reason()).isEqualTo("running pre-start hook");
    var done = h.stop();
    assertThat(h.state()).isEqualTo(STOPPING);
    h.settle(); // the hook finishes; the engine sees the stop and does not launch
    assertThat(done).isCompletedWithValue(STOPPED);
    assertThat(h.platform.launched).isEmpty();
    assertThat(h.platform.hooks).containsExactly("pre-start");
    return h;
  }

  // ---------------------------------------------------------------- tests

  @Test
  void uptimeMakesItReady() {
    uptimeReadiness();
  }

  @Test
  void aCrashWaitsOutTheBackoffThenRelaunches() {
    backoffAfterCrash();
  }

  @Test
  void aCrashLoopEndsFatal() {
    assertThat(crashLoopToFatal(false).moves).endsWith("RUNNING->FATAL");
    assertThat(crashLoopToFatal(true).moves)
        .containsSubsequence("STARTING->BACKOFF", "BACKOFF->STARTING")
        .endsWith("STARTING->FATAL");
  }

  @Test
  void onlyAStartLeavesAFinalState() {
    startAgainFromFinal();
  }

  @Test
  void aHungChildIsDumpedStoppedAndRestarted() {
    watchdogHang();
  }

  @Test
  void aChildNotReadyInTimeIsStopped() {
    startTimeout();
  }

  @Test
  void aStopEscalatesAndIsNotRestarted() {
    stopEscalation();
  }

  @Test
  void unlessStoppedRestartsCrashesButNotStops() {
    operatorStopUnlessStopped();
  }

  @Test
  void aScheduledRestartComesAtItsTime() {
    scheduledRestart();
  }

  @Test
  void anUnhealthyChildIsRestarted() {
    healthRestart();
  }

  @Test
  void aTreeAboveItsMemoryLimitIsRestarted() {
    memoryRestart();
  }

  @Test
  void leftBehindProcessesGoWithTheChild() {
    leftBehindAndNoRestart();
  }

  @Test
  void startTimeoutsCountTowardsTheCrashLoop() {
    startTimeoutsToFatal();
  }

  @Test
  void aStopDuringThePreStartHookLaunchesNothing() {
    stopDuringPreStartHook();
  }

  /** Events of an earlier run are dropped: its health check and its notify endpoint are stale. */
  @Test
  void eventsOfAnEarlierRunAreDropped() {
    var check =
        HealthCheckSettings.of(
            HealthProbe.Http.ok(URI.create("http://127.0.0.1:1/health")), Duration.ofSeconds(5));
    var h = new Harness(config().withHealthCheck(check));
    h.start();
    h.advance(SECOND);
    h.exit(1);
    h.advance(Duration.ofSeconds(2));
    h.advance(SECOND);
    assertThat(h.state()).isEqualTo(RUNNING);
    assertThat(h.platform.launched).hasSize(2);
    h.healthListeners.getFirst().unhealthy("late verdict of the first run");
    h.settle();
    assertThat(h.state()).isEqualTo(RUNNING);
    h.platform.launched.getFirst().exit(9); // already ended: nothing new
    h.settle();
    assertThat(h.state()).isEqualTo(RUNNING);
    assertThat(h.engine.status().lastExitCode()).isEqualTo(1);
  }

  /**
   * A restart completes once the new run began: whoever waits for readiness after it (a reload with
   * {@code restart: true}, a re-read with a new command) sees the new run, never the final state of
   * the run it stopped. Seen from what depends on the restart's completion.
   */
  @Test
  void aRestartCompletesOnceTheNewRunBegan() {
    var h = new Harness(restarting(config(), RestartMode.NO));
    h.start();
    h.advance(SECOND);
    assertThat(h.state()).isEqualTo(RUNNING);
    long first = h.engine.status().pid();
    List<ChildState> seen = new ArrayList<>();
    var done = h.engine.restart().thenRun(() -> seen.add(h.state()));
    h.settle();
    assertThat(done).isCompleted();
    assertThat(seen).as("the state when the restart completed").containsExactly(STARTING);
    assertThat(h.engine.status().pid()).isNotEqualTo(first);

    // From a final state (the child had exited): before, the waiter saw EXITED and answered that
    // the restarted child had ended, while it was being launched.
    h.advance(SECOND);
    h.exit(0);
    assertThat(h.state()).isEqualTo(EXITED);
    seen.clear();
    done = h.engine.restart().thenRun(() -> seen.add(h.state()));
    h.settle();
    assertThat(done).isCompleted();
    assertThat(seen).as("the state when the restart completed").containsExactly(STARTING);
    assertThat(h.platform.launched).hasSize(3);
  }

  /** A launch that fails ends the run with 127 and the policy decides (here: a restart). */
  @Test
  void aFailedLaunchIsAnEndWithCode127() {
    var h = new Harness(config());
    h.platform.launchFailure = "no such file";
    h.start();
    assertThat(h.state()).isEqualTo(BACKOFF);
    assertThat(h.reason()).startsWith("cannot start: no such file");
    assertThat(h.engine.status().lastExitCode()).isEqualTo(127);
  }

  /**
   * Every move {@link ChildState#canMoveTo} allows is made by one of the scenarios above, and no
   * other: the table and the engine say the same.
   */
  @Test
  void theScenariosDriveEveryMoveOfTheTable() {
    Set<String> made = new LinkedHashSet<>();
    for (Harness h :
        List.of(
            uptimeReadiness(),
            backoffAfterCrash(),
            crashLoopToFatal(false),
            crashLoopToFatal(true),
            startAgainFromFinal(),
            watchdogHang(),
            startTimeout(),
            stopEscalation(),
            operatorStopUnlessStopped(),
            scheduledRestart(),
            healthRestart(),
            memoryRestart(),
            leftBehindAndNoRestart(),
            startTimeoutsToFatal(),
            stopDuringPreStartHook(),
            hungWithoutRestart())) {
      made.addAll(h.moves);
    }
    Set<String> table = new LinkedHashSet<>();
    for (ChildState from : ChildState.values()) {
      for (ChildState to : EnumSet.allOf(ChildState.class)) {
        if (from != to && from.canMoveTo(to)) {
          table.add(from + "->" + to);
        }
      }
    }
    assertThat(made).containsExactlyInAnyOrderElementsOf(table);
  }

  /** RUNNING -> STOPPING -> EXITED: a hang under restart: no. */
  static Harness hungWithoutRestart() {
    var h = new Harness(restarting(notifying(Duration.ofSeconds(30), SECOND), RestartMode.NO));
    h.start();
    h.platform.send("READY=1");
    h.settle();
    h.platform.send("WATCHDOG=trigger");
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(STOPPING);
    assertThat(h.reason()).isEqualTo("stopping hung child: child sent WATCHDOG=trigger");
    h.settle();
    assertThat(h.state()).isEqualTo(EXITED);
    assertThat(h.engine.endedFailed()).isTrue();
    return h;
  }
}
