package io.svc4j.supervisor.engine;

import static io.svc4j.supervisor.engine.ChildState.FATAL;
import static io.svc4j.supervisor.engine.ChildState.RUNNING;
import static io.svc4j.supervisor.engine.ChildState.STARTING;

import io.svc4j.supervisor.config.ReadinessMode;
import io.svc4j.supervisor.os.NotifyMessage;
import io.svc4j.supervisor.policy.ChildEnd;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ChildEngine} does with each event a current run reports (its pre-start hook, its
 * exit, sd_notify messages, health, output triggers). It exists so that the engine keeps only the
 * dispatch, where a stale run's events are dropped; every handler here may assume the run is the
 * current one. Runs on the event thread only.
 */
final class RunReports {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private final ChildEngine e;

  RunReports(ChildEngine engine) {
    this.e = engine;
  }

  /**
   * The leftover check is done: on to the launch, or FATAL (leftovers: fail), or the end of the run
   * if a stop came meanwhile.
   */
  void afterLeftovers(String refusal) {
    if (e.now.stopping()) {
      afterPreStart(null); // stopped during the check: ends the run like a stop during the hook
      return;
    }
    if (refusal != null) {
      e.now = e.now.exitedWith(null).ended();
      e.endedFailed = true;
      e.move(FATAL, refusal); // STARTING -> FATAL: leftovers: fail
      e.ending.completeWaiters();
      return;
    }
    e.leftoversCleared = true;
    e.gateLaunch();
  }

  /** The pre-start hook is done: launch, or end the run if it failed or a stop came meanwhile. */
  void afterPreStart(String failure) {
    if (!e.now.stopping() && failure == null) {
      e.spawn();
      return;
    }
    // STARTING/STOPPING -> the policy: stopped during the hook, or the hook failed
    e.now = e.now.exitedWith(null);
    e.tracker.recordStart(e.loop.now());
    var end =
        new ChildEnd(
            e.now.stopping() ? e.now.stopCause() : ChildEnd.Cause.PRE_START_FAILED,
            -1,
            Duration.ZERO);
    e.ending.decide(end, failure == null ? end.describe() : "pre-start hook failed: " + failure);
  }

  void healthy() {
    if (e.config.readiness().mode() == ReadinessMode.HEALTH) {
      e.timed.ready("health check passed"); // STARTING -> RUNNING
    }
    e.publish();
  }

  void unhealthy(String why) {
    e.publish();
    if (e.now.state() == RUNNING) {
      log.warn("{}: child pid {} is unhealthy: {}", e.name, e.run.pid(), why);
      if (e.config.healthCheck().restartOnUnhealthy()) {
        e.ending.beginStop(ChildEnd.Cause.UNHEALTHY, "stopping unhealthy child: " + why);
      }
    }
  }

  /** An output pattern or the memory limit: STARTING/RUNNING -> STOPPING, then the policy. */
  void triggered(RunEvent.Triggered trigger) {
    if (!e.now.stopping()
        && !e.now.exited()
        && (e.now.state() == RUNNING || e.now.state() == STARTING)) {
      log.warn("{}: restarting pid {}: {}", e.name, e.run.pid(), trigger.why());
      e.ending.beginStop(trigger.cause(), "stopping child: " + trigger.why());
    }
  }

  void onNotify(NotifyMessage message) {
    if (e.now.exited()) {
      return;
    }
    message
        .status()
        .ifPresent(
            text -> {
              e.run.childStatus = text;
              e.publish();
              e.listeners.childStatus(text);
            });
    message
        .watchdogUsec()
        .ifPresent(
            usec -> {
              e.run.watchdogNanos = usec * 1000;
              e.timed.armWatchdog();
            });
    if (message.ready()) {
      e.run.reloaded(); // the reload the signal asked for is done
      e.timed.ready("child reported READY=1"); // STARTING -> RUNNING
    }
    if (message.watchdogPing()) {
      e.timed.armWatchdog();
    }
    if (message.watchdogTrigger()) {
      e.timed.hang("child sent WATCHDOG=trigger"); // RUNNING -> STOPPING
    }
    message
        .extendTimeoutUsec()
        .ifPresent(
            usec -> {
              if (e.now.state() == STARTING
                  && (e.run.armed(RunTimer.UPTIME) || e.run.armed(RunTimer.START_TIMEOUT))) {
                e.run.disarm(RunTimer.UPTIME);
                e.run.arm(RunTimer.START_TIMEOUT, Duration.ofNanos(usec * 1000));
              }
            });
  }

  /** The child itself ended (its tree may live on). */
  void onExit(int exitCode) {
    if (e.now.exited()) {
      return;
    }
    e.now = e.now.exitedWith(exitCode);
    if (e.now.stopping()) {
      return; // a stop is in progress; it reports when the whole tree is gone
    }
    // Whether it left processes behind takes a scan of the process table: on the scan thread.
    ChildRun r = e.run;
    e.scans.execute(() -> r.report(new RunEvent.TreeChecked(exitCode, treeAlive(r.process))));
  }

  private boolean treeAlive(Process child) {
    try {
      return e.platform.treeAlive(child);
    } catch (RuntimeException ex) {
      // Unknown: the stop that follows finds and ends whatever is left.
      log.warn("{}: cannot check pid {}'s tree: {}", e.name, child.pid(), ex.toString());
      return true;
    }
  }

  /** After the exit: whether the tree lives on, as the scan thread found. */
  void afterTreeCheck(RunEvent.TreeChecked checked) {
    int exitCode = checked.exitCode();
    if (e.now.stopping()) {
      return; // a stop came meanwhile; it reports when the whole tree is gone
    }
    if (!checked.alive()) {
      e.ending.treeGone(exitCode);
      return;
    }
    // It left processes behind (daemonised helpers holding its port, say): they go with it before
    // any restart, like systemd's KillMode=control-group.
    log.info("{}: pid {} exited and left processes behind; stopping them", e.name, e.run.pid());
    e.ending.beginStop(ChildEnd.Cause.EXITED, "cleaning up the tree");
  }
}
