package io.svc4j.supervisor.engine;

import static io.svc4j.supervisor.engine.ChildState.BACKOFF;
import static io.svc4j.supervisor.engine.ChildState.EXITED;
import static io.svc4j.supervisor.engine.ChildState.FATAL;
import static io.svc4j.supervisor.engine.ChildState.RUNNING;
import static io.svc4j.supervisor.engine.ChildState.STARTING;
import static io.svc4j.supervisor.engine.ChildState.STOPPED;
import static io.svc4j.supervisor.engine.ChildState.STOPPING;

import io.svc4j.supervisor.config.CronSchedule;
import io.svc4j.supervisor.config.ReadinessMode;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.NotifyMessage;
import io.svc4j.supervisor.policy.ChildEnd;
import io.svc4j.supervisor.policy.Decision;
import io.svc4j.supervisor.policy.RestartTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one supervised child, and only that: {@link ChildState}'s table, moved by
 * requests (start, stop), by what a run reports ({@link RunEvent}) and by timers ({@link
 * #onTimer}). The whole state is one {@link Lifecycle} snapshot; what a run holds open lives in its
 * {@link ChildRun}. Everything here runs on the {@link EventLoop}'s one thread.
 */
public final class ChildEngine {

  /**
   * The engine's classes log as the supervisor always did, so that journal filters and JSON logs
   * ({@code loggerName}) see the same name as before the split.
   */
  static final String LOG = "io.svc4j.supervisor.Supervisor";

  private static final Logger log = LoggerFactory.getLogger(LOG);

  private final SupervisorConfig config;
  private final String name;
  private final ChildPlatform platform;
  private final EventLoop loop;
  private final RestartTracker tracker;
  private final CronSchedule schedule;
  private final MemoryLimit memory;
  private final Hooks hooks;
  private final StopSequence stops;
  private final RunLauncher launcher;
  private final Path runtimeDir;
  private final CapturedLogs logs;
  private final StatusBoard board;
  private final Listeners listeners;
  private final List<CompletableFuture<ChildState>> finalWaiters = new ArrayList<>();

  // Event-thread state: the snapshot, and what the current run holds open.
  private volatile Lifecycle now = Lifecycle.initial();
  private ChildRun run;
  private EventLoop.Timer backoff;
  private EventLoop.Timer upkeep;
  private Map<String, String> childEnvironment; // rebuilt at every launch: edited env files apply
  private volatile Process liveChild; // for usage figures on other threads
  private volatile boolean endedFailed;

  /**
   * @param childEnvironment from {@link EngineChecks#check}
   * @param logs the capture of the child's output, null to let it write to ours
   * @param runtimeDir the private directory of the notify endpoints
   */
  public ChildEngine(
      SupervisorConfig config,
      EngineParts parts,
      Map<String, String> childEnvironment,
      CapturedLogs logs,
      Path runtimeDir) {
    this.config = config;
    this.name = config.name();
    this.listeners = new Listeners(name);
    this.platform = parts.platform();
    this.loop = parts.loop();
    this.tracker = new RestartTracker(config.restart(), parts.random());
    this.schedule = EngineChecks.schedule(config);
    this.memory = new MemoryLimit(config.restart().maxMemory());
    this.hooks = new Hooks(config, parts);
    this.stops = new StopSequence(config, parts, hooks);
    this.launcher = new RunLauncher(config, parts, logs, runtimeDir, listeners);
    this.childEnvironment = childEnvironment;
    this.logs = logs;
    this.runtimeDir = runtimeDir;
    this.board = new StatusBoard(name, logs);
    publish();
  }

  public void addListener(SupervisorListener listener) {
    listeners.add(listener);
  }

  /** The latest status; safe from any thread. */
  public ChildStatus status() {
    return board.status();
  }

  /** The latest lifecycle snapshot; safe from any thread. */
  public Lifecycle lifecycle() {
    return now;
  }

  /** The running child's process, null when none runs; safe from any thread. */
  public Process liveChild() {
    return liveChild;
  }

  /** Whether the child's last end counts as a failure for the outer manager. */
  public boolean endedFailed() {
    return endedFailed;
  }

  /** Waits until the child is RUNNING (true) or has ended for good (false). */
  public boolean awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
    return board.awaitReady(timeout);
  }

  // ---------------------------------------------------------------- requests

  /** Starts the child if none runs (from STOPPED, EXITED or FATAL); returns at once. */
  public void start() {
    loop.execute(
        () -> {
          if (!now.state().isFinal()) {
            return;
          }
          if (now.state() != STOPPED) {
            tracker.reset(); // a manual start after giving up begins afresh
          }
          endedFailed = false;
          String refusal = now.generation() == 0 ? LeftoverGate.refusal(config, platform) : null;
          if (refusal != null) {
            move(STARTING, "checking for leftovers of a previous instance");
            endedFailed = true;
            move(FATAL, refusal); // STARTING -> FATAL: leftovers: fail
            return;
          }
          launch();
        });
  }

  /** Stops the child and its whole tree; completes with the final state once none of it is left. */
  public CompletableFuture<ChildState> stop() {
    var done = new CompletableFuture<ChildState>();
    loop.execute(
        () -> {
          switch (now.state()) {
            case STOPPED, EXITED, FATAL -> {
              done.complete(now.state());
              return;
            }
            case BACKOFF -> {
              backoff.cancel();
              move(STOPPED, "stopped on request during backoff"); // BACKOFF -> STOPPED
              done.complete(now.state());
              return;
            }
            case STARTING, RUNNING -> beginStop(ChildEnd.Cause.STOPPED, "stop requested");
            case STOPPING -> now = now.stoppingFor(ChildEnd.Cause.STOPPED); // no restart after it
          }
          finalWaiters.add(done);
        });
    return done;
  }

  /**
   * Sends {@code signal} to the running child's main process for a reload. With {@code awaitReady}
   * the future completes at the child's next READY=1, else once the signal is delivered; it fails
   * when the child is not RUNNING or ends first.
   */
  public CompletableFuture<Void> signalForReload(int signal, boolean awaitReady) {
    var done = new CompletableFuture<Void>();
    loop.execute(
        () -> {
          if (now.state() != RUNNING || run == null || !now.live()) {
            done.completeExceptionally(
                new ReloadFailedException("the child is " + now.state() + ", not RUNNING"));
          } else if (!platform.signal(run.process, signal)) {
            done.completeExceptionally(new ReloadFailedException("cannot signal pid " + run.pid()));
          } else {
            log.info("{}: reload: signal {} sent to pid {}", name, signal, run.pid());
            if (awaitReady) {
              run.reloadReady = done;
            } else {
              done.complete(null);
            }
          }
        });
    return done;
  }

  /** On close, after the last stop: the upkeep ends and the platform releases its guard. */
  public void release() {
    loop.execute(
        () -> {
          if (upkeep != null) {
            upkeep.cancel();
          }
          platform.close();
        });
  }

  // ---------------------------------------------------------------- launching

  /** -> STARTING: a new run, through its pre-start hook if any. */
  private void launch() {
    now = now.nextRun();
    int generation = now.generation();
    ChildRun r = new ChildRun(name, generation, loop, event -> onEvent(generation, event));
    run = r;
    String launching = "launching " + String.join(" ", config.command());
    if (!hooks.gateLaunch()) {
      move(STARTING, launching);
      spawn();
      return;
    }
    // Through the hook thread even without a pre-start hook: the previous run's post-stop hook,
    // queued there, must finish before the next launch.
    boolean preStart = !hooks.settings().preStart().isEmpty();
    move(STARTING, preStart ? "running pre-start hook" : launching);
    hooks.preStart(
        hookEnv("pre-start", null), failure -> r.report(new RunEvent.PreStartDone(failure)));
  }

  private void spawn() {
    try {
      platform.prepare(runtimeDir);
      if (upkeep == null) {
        upkeep = loop.every(Duration.ofSeconds(2), Duration.ofSeconds(5), this::upkeep);
      }
      childEnvironment = ChildEnvironment.build(config, platform);
      launcher.launch(run, childEnvironment);
    } catch (IOException | RuntimeException e) {
      log.error("{}: cannot start {}: {}", name, config.command().get(0), e.getMessage());
      run.close();
      tracker.recordStart(loop.now());
      now = now.exitedWith(127);
      decide(
          new ChildEnd(ChildEnd.Cause.EXITED, 127, Duration.ZERO),
          "cannot start: " + e.getMessage());
      return;
    }
    now = now.asLaunched();
    liveChild = run.process;
    tracker.recordStart(run.startedAt);
    log.info("{}: started pid {}", name, run.pid());
    var readiness = config.readiness();
    if (readiness.mode() == ReadinessMode.UPTIME) {
      run.arm(RunTimer.UPTIME, readiness.startSeconds());
    } else {
      run.arm(RunTimer.START_TIMEOUT, readiness.startTimeout());
    }
    publish();
  }

  // ---------------------------------------------------------------- what runs report

  /** Every event of a run arrives here; the one place where a stale run's events are dropped. */
  private void onEvent(int generation, RunEvent event) {
    if (run == null || generation != now.generation() || now.over()) {
      return; // a late event of an earlier run, or of this one after it was over
    }
    switch (event) {
      case RunEvent.PreStartDone done -> afterPreStart(done.failure());
      case RunEvent.Exited exited -> onExit(exited.exitCode());
      case RunEvent.TreeGone gone -> treeGone(gone.exitCode());
      case RunEvent.Notified notified -> onNotify(notified.message());
      case RunEvent.Healthy healthy -> {
        if (config.readiness().mode() == ReadinessMode.HEALTH) {
          ready("health check passed"); // STARTING -> RUNNING
        }
        publish();
      }
      case RunEvent.Unhealthy unhealthy -> {
        publish();
        if (now.state() == RUNNING) {
          log.warn("{}: child pid {} is unhealthy: {}", name, run.pid(), unhealthy.why());
          if (config.healthCheck().restartOnUnhealthy()) {
            beginStop(ChildEnd.Cause.UNHEALTHY, "stopping unhealthy child: " + unhealthy.why());
          }
        }
      }
      case RunEvent.Triggered trigger -> {
        // An output pattern or the memory limit: STARTING/RUNNING -> STOPPING, then the policy.
        if (!now.stopping()
            && !now.exited()
            && (now.state() == RUNNING || now.state() == STARTING)) {
          log.warn("{}: restarting pid {}: {}", name, run.pid(), trigger.why());
          beginStop(trigger.cause(), "stopping child: " + trigger.why());
        }
      }
      case RunEvent.TimerFired fired -> onTimer(fired.timer());
    }
  }

  /** Every timer-driven move of the table, in one place. */
  private void onTimer(RunTimer timer) {
    ChildState state = now.state();
    switch (timer) {
      // STARTING -> RUNNING: stable for start-seconds
      case UPTIME -> ready("up for " + config.readiness().startSeconds().toMillis() + " ms");
      // STARTING -> STOPPING: not ready in time (then the restart policy)
      case START_TIMEOUT -> {
        if (state == STARTING) {
          log.warn("{}: not ready within its start timeout; stopping it", name);
          beginStop(ChildEnd.Cause.START_TIMEOUT, "stopping child that did not become ready");
        }
      }
      // RUNNING -> STOPPING: hung (then the restart policy)
      case WATCHDOG ->
          hang("no WATCHDOG=1 within " + Duration.ofNanos(run.watchdogNanos).toMillis() + " ms");
      // RUNNING -> STOPPING: restart.schedule (then the restart policy)
      case SCHEDULE -> {
        if (state == RUNNING && !now.stopping()) {
          beginStop(
              ChildEnd.Cause.SCHEDULED, "scheduled restart (cron '" + schedule.expression() + "')");
        }
      }
      // BACKOFF -> STARTING: the restart delay is over
      case BACKOFF -> {
        if (state == BACKOFF) {
          launch();
        }
      }
    }
  }

  private void afterPreStart(String failure) {
    if (!now.stopping() && failure == null) {
      spawn();
      return;
    }
    // STARTING/STOPPING -> the policy: stopped during the hook, or the hook failed
    now = now.exitedWith(null);
    tracker.recordStart(loop.now());
    var end =
        new ChildEnd(
            now.stopping() ? now.stopCause() : ChildEnd.Cause.PRE_START_FAILED, -1, Duration.ZERO);
    decide(end, failure == null ? end.describe() : "pre-start hook failed: " + failure);
  }

  private void onNotify(NotifyMessage message) {
    if (now.exited()) {
      return;
    }
    message
        .status()
        .ifPresent(
            text -> {
              run.childStatus = text;
              publish();
              listeners.childStatus(text);
            });
    message
        .watchdogUsec()
        .ifPresent(
            usec -> {
              run.watchdogNanos = usec * 1000;
              armWatchdog();
            });
    if (message.ready()) {
      run.reloaded(); // the reload the signal asked for is done
      ready("child reported READY=1"); // STARTING -> RUNNING
    }
    if (message.watchdogPing()) {
      armWatchdog();
    }
    if (message.watchdogTrigger()) {
      hang("child sent WATCHDOG=trigger"); // RUNNING -> STOPPING
    }
    message
        .extendTimeoutUsec()
        .ifPresent(
            usec -> {
              if (now.state() == STARTING
                  && (run.armed(RunTimer.UPTIME) || run.armed(RunTimer.START_TIMEOUT))) {
                run.disarm(RunTimer.UPTIME);
                run.arm(RunTimer.START_TIMEOUT, Duration.ofNanos(usec * 1000));
              }
            });
  }

  /** The child itself ended (its tree may live on). */
  private void onExit(int exitCode) {
    if (now.exited()) {
      return;
    }
    now = now.exitedWith(exitCode);
    if (now.stopping()) {
      return; // a stop is in progress; it reports when the whole tree is gone
    }
    if (!platform.treeAlive(run.process)) {
      treeGone(exitCode);
      return;
    }
    // It left processes behind (daemonised helpers holding its port, say): they go with it before
    // any restart, like systemd's KillMode=control-group.
    log.info("{}: pid {} exited and left processes behind; stopping them", name, run.pid());
    beginStop(ChildEnd.Cause.EXITED, "cleaning up the tree");
  }

  // ---------------------------------------------------------------- moves

  /** STARTING -> RUNNING, if the run is still starting and alive. */
  private void ready(String why) {
    if (now.state() != STARTING || !now.live() || !run.process.isAlive()) {
      return;
    }
    run.disarm(RunTimer.UPTIME);
    run.disarm(RunTimer.START_TIMEOUT);
    move(RUNNING, why);
    armWatchdog();
    if (schedule != null) {
      schedule
          .untilNext(loop.now().atZone(ZoneId.systemDefault()))
          .ifPresent(
              d ->
                  run.arm(
                      RunTimer.SCHEDULE,
                      d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d));
    }
    if (!hooks.settings().postStart().isEmpty()) {
      hooks.postStart(hookEnv("post-start", null));
    }
  }

  private void armWatchdog() {
    run.disarm(RunTimer.WATCHDOG);
    if (now.state() == RUNNING && run.watchdogNanos > 0) {
      run.arm(RunTimer.WATCHDOG, Duration.ofNanos(run.watchdogNanos));
    }
  }

  /** RUNNING -> STOPPING for a hung child, with a thread dump first. */
  private void hang(String why) {
    if (now.state() != RUNNING) {
      return;
    }
    log.warn("{}: child pid {} is hung: {}", name, run.pid(), why);
    beginStop(ChildEnd.Cause.HUNG, "stopping hung child: " + why);
  }

  /** -> STOPPING: the engine ends the current run for {@code cause}. */
  private void beginStop(ChildEnd.Cause cause, String why) {
    now = now.stoppingFor(cause);
    run.disarmAll();
    if (now.state() != STOPPING) {
      move(STOPPING, why);
    }
    if (!now.launched()) {
      return; // its pre-start hook runs; afterPreStart sees the cause and does not launch
    }
    boolean preStop = cause != ChildEnd.Cause.EXITED && !hooks.settings().preStop().isEmpty();
    ChildRun r = run;
    stops.stop(
        r.process,
        preStop ? hookEnv("pre-stop", null) : null,
        cause == ChildEnd.Cause.HUNG,
        logs == null ? null : logs.stdoutPath(),
        listeners::threadDumped,
        code -> r.report(new RunEvent.TreeGone(code)));
  }

  /** No process of the run is left: it closes, and the policy decides what comes next. */
  private void treeGone(int exitCode) {
    now = now.exitedWith(exitCode);
    run.close();
    platform.forget(run.process);
    liveChild = null;
    ChildEnd.Cause cause = now.stopping() ? now.stopCause() : ChildEnd.Cause.EXITED;
    ChildEnd end = new ChildEnd(cause, exitCode, run.uptime());
    if (!hooks.settings().postStop().isEmpty()) {
      hooks.postStop(hookEnv("post-stop", end.exitCode()));
    }
    decide(end, end.describe());
  }

  /** -> BACKOFF, EXITED, FATAL or STOPPED, as the restart policy says. */
  private void decide(ChildEnd end, String what) {
    now = now.ended();
    Decision decision = tracker.onEnd(end, loop.now());
    log.info("{}: pid {} {}; {}", name, run.pid(), decision.reason(what), decision.nextStep());
    listeners.childEnded(end, decision);
    switch (decision) {
      case Decision.Restart restart -> {
        move(BACKOFF, what + "; restarting in " + restart.delay().toMillis() + " ms");
        backoff = loop.schedule(restart.delay(), () -> onTimer(RunTimer.BACKOFF));
      }
      case Decision.Exit exit -> {
        endedFailed = exit.failed();
        move(EXITED, exit.reason(what));
      }
      case Decision.Fatal fatal -> {
        endedFailed = true;
        move(FATAL, fatal.reason(what));
      }
      case Decision.Stopped stopped -> move(STOPPED, stopped.reason());
    }
    if (now.state().isFinal()) {
      finalWaiters.forEach(w -> w.complete(now.state()));
      finalWaiters.clear();
    }
  }

  /** Every move goes through here: checked against the table, published, then told. */
  private void move(ChildState to, String why) {
    ChildState from = now.state();
    if (from != to && !from.canMoveTo(to)) {
      throw new IllegalStateException(name + ": illegal transition " + from + " -> " + to);
    }
    now = now.moved(to, why);
    if (from != to) {
      log.info("{}: {} -> {} ({})", name, from, to, why);
    }
    publish();
    if (from != to) {
      listeners.stateChanged(from, to, why);
    }
    board.wake(); // after the listeners, so that what they record is there for the waiters
  }

  private void upkeep() {
    boolean live = run != null && now.live() && !now.over();
    memory
        .upkeep(platform, live ? run.process : null)
        .ifPresent(why -> run.deliver(new RunEvent.Triggered(ChildEnd.Cause.MEMORY, why)));
  }

  private void publish() {
    board.publish(now, run, tracker.restarts(), config.healthCheck() != null);
  }

  private Map<String, String> hookEnv(String hook, Integer exitCode) {
    return ChildEnvironment.forHook(
        childEnvironment, hook, name, now.state(), tracker.restarts(), run.pid(), exitCode);
  }
}
