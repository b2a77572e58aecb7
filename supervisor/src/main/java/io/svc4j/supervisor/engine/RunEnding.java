package io.svc4j.supervisor.engine;

import static io.svc4j.supervisor.engine.ChildState.BACKOFF;
import static io.svc4j.supervisor.engine.ChildState.EXITED;
import static io.svc4j.supervisor.engine.ChildState.FATAL;
import static io.svc4j.supervisor.engine.ChildState.STOPPED;
import static io.svc4j.supervisor.engine.ChildState.STOPPING;

import io.svc4j.supervisor.policy.ChildEnd;
import io.svc4j.supervisor.policy.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run in {@link ChildEngine}: -> STOPPING ({@link #beginStop}), the bookkeeping once
 * no process of the run is left ({@link #treeGone}), and the restart policy's decision ({@link
 * #decide}: -> BACKOFF, EXITED, FATAL or STOPPED), which also completes whoever waits for a final
 * state. It exists so that how a run ends reads in one place. Runs on the event thread only.
 */
final class RunEnding {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private final ChildEngine e;
  private final List<CompletableFuture<ChildState>> finalWaiters = new ArrayList<>();

  RunEnding(ChildEngine engine) {
    this.e = engine;
  }

  /** Completes {@code done} with the next final state the child reaches. */
  void awaitFinal(CompletableFuture<ChildState> done) {
    if (e.now.state().isFinal()) {
      done.complete(e.now.state()); // reached already (a stop during the leftover check)
    } else {
      finalWaiters.add(done);
    }
  }

  /** -> STOPPING: the engine ends the current run for {@code cause}. */
  void beginStop(ChildEnd.Cause cause, String why) {
    e.now = e.now.stoppingFor(cause);
    e.run.disarmAll();
    if (e.now.state() != STOPPING) {
      e.move(STOPPING, why);
    }
    if (!e.now.launched()) {
      if (!e.leftoversCleared) {
        // Only the leftover check runs, a scan that may hang on a /proc read: the run ends now,
        // and the check's late report is dropped as stale.
        e.reports.afterPreStart(null);
      }
      return; // else its pre-start hook runs; afterPreStart sees the cause and does not launch
    }
    boolean preStop = cause != ChildEnd.Cause.EXITED && !e.hooks.settings().preStop().isEmpty();
    ChildRun r = e.run;
    e.stops.stop(
        r.process,
        preStop ? e.hookEnv("pre-stop", null) : null,
        cause == ChildEnd.Cause.HUNG,
        e.logs == null ? null : e.logs.stdoutPath(),
        e.listeners::threadDumped,
        code -> r.report(new RunEvent.TreeGone(code)));
  }

  /** No process of the run is left: it closes, and the policy decides what comes next. */
  void treeGone(int exitCode) {
    e.now = e.now.exitedWith(exitCode);
    e.run.close();
    e.platform.forget(e.run.process);
    e.liveChild = null;
    ChildEnd.Cause cause = e.now.stopping() ? e.now.stopCause() : ChildEnd.Cause.EXITED;
    ChildEnd end = new ChildEnd(cause, exitCode, e.run.uptime());
    if (!e.hooks.settings().postStop().isEmpty()) {
      e.hooks.postStop(e.hookEnv("post-stop", end.exitCode()));
    }
    decide(end, end.describe());
  }

  /** -> BACKOFF, EXITED, FATAL or STOPPED, as the restart policy says. */
  void decide(ChildEnd end, String what) {
    e.now = e.now.ended();
    Decision decision = e.tracker.onEnd(end, e.loop.now());
    log.info("{}: pid {} {}; {}", e.name, e.run.pid(), decision.reason(what), decision.nextStep());
    e.listeners.childEnded(end, decision);
    switch (decision) {
      case Decision.Restart restart -> {
        e.move(BACKOFF, what + "; restarting in " + restart.delay().toMillis() + " ms");
        e.backoff = e.loop.schedule(restart.delay(), () -> e.timed.onTimer(RunTimer.BACKOFF));
      }
      case Decision.Exit exit -> {
        e.endedFailed = exit.failed();
        e.move(EXITED, exit.reason(what));
      }
      case Decision.Fatal fatal -> {
        e.endedFailed = true;
        e.move(FATAL, fatal.reason(what));
      }
      case Decision.Stopped stopped -> e.move(STOPPED, stopped.reason());
    }
    completeWaiters();
  }

  /** In a final state: completes whoever waits for one. */
  void completeWaiters() {
    if (e.now.state().isFinal()) {
      finalWaiters.forEach(w -> w.complete(e.now.state()));
      finalWaiters.clear();
    }
  }
}
