package io.svc4j.supervisor.engine;

import static io.svc4j.supervisor.engine.ChildState.BACKOFF;
import static io.svc4j.supervisor.engine.ChildState.RUNNING;
import static io.svc4j.supervisor.engine.ChildState.STARTING;

import io.svc4j.supervisor.policy.ChildEnd;
import java.time.Duration;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every timer-driven move of {@link ChildState}'s table in one place ({@link #onTimer}, each branch
 * named by the move it makes), with the moves the timers share with sd_notify: becoming ready,
 * re-arming the watchdog, and a hang. It exists so that the time-driven half of the table reads on
 * its own, apart from the engine's requests and a run's end. Runs on the event thread only.
 */
final class TimedMoves {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private final ChildEngine e;

  TimedMoves(ChildEngine engine) {
    this.e = engine;
  }

  /** Every timer-driven move of the table, in one place. */
  void onTimer(RunTimer timer) {
    ChildState state = e.now.state();
    switch (timer) {
      // STARTING -> RUNNING: stable for start-seconds
      case UPTIME -> ready("up for " + e.config.readiness().startSeconds().toMillis() + " ms");
      // STARTING -> STOPPING: not ready in time (then the restart policy)
      case START_TIMEOUT -> {
        if (state == STARTING) {
          log.warn("{}: not ready within its start timeout; stopping it", e.name);
          e.ending.beginStop(
              ChildEnd.Cause.START_TIMEOUT, "stopping child that did not become ready");
        }
      }
      // RUNNING -> STOPPING: hung (then the restart policy)
      case WATCHDOG ->
          hang("no WATCHDOG=1 within " + Duration.ofNanos(e.run.watchdogNanos).toMillis() + " ms");
      // RUNNING -> STOPPING: restart.schedule (then the restart policy)
      case SCHEDULE -> {
        if (state == RUNNING && !e.now.stopping()) {
          e.ending.beginStop(
              ChildEnd.Cause.SCHEDULED,
              "scheduled restart (cron '" + e.schedule.expression() + "')");
        }
      }
      // BACKOFF -> STARTING: the restart delay is over
      case BACKOFF -> {
        if (state == BACKOFF) {
          e.launch();
        }
      }
    }
  }

  /** STARTING -> RUNNING, if the run is still starting and alive. */
  void ready(String why) {
    if (e.now.state() != STARTING || !e.now.live() || !e.run.process.isAlive()) {
      return;
    }
    e.run.disarm(RunTimer.UPTIME);
    e.run.disarm(RunTimer.START_TIMEOUT);
    e.move(RUNNING, why);
    armWatchdog();
    if (e.schedule != null) {
      e.schedule
          .untilNext(e.loop.now().atZone(ZoneId.systemDefault()))
          .ifPresent(
              d ->
                  e.run.arm(
                      RunTimer.SCHEDULE,
                      d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d));
    }
    if (!e.hooks.settings().postStart().isEmpty()) {
      e.hooks.postStart(e.hookEnv("post-start", null));
    }
  }

  void armWatchdog() {
    e.run.disarm(RunTimer.WATCHDOG);
    if (e.now.state() == RUNNING && e.run.watchdogNanos > 0) {
      e.run.arm(RunTimer.WATCHDOG, Duration.ofNanos(e.run.watchdogNanos));
    }
  }

  /** RUNNING -> STOPPING for a hung child, with a thread dump first. */
  void hang(String why) {
    if (e.now.state() != RUNNING) {
      return;
    }
    log.warn("{}: child pid {} is hung: {}", e.name, e.run.pid(), why);
    e.ending.beginStop(ChildEnd.Cause.HUNG, "stopping hung child: " + why);
  }
}
