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
import io.svc4j.supervisor.policy.ChildEnd;
import io.svc4j.supervisor.policy.RestartTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one supervised child, and only that: {@link ChildState}'s table, moved by
 * requests (start, stop), by what a run reports ({@link RunEvent}) and by timers. The whole state
 * is one {@link Lifecycle} snapshot; what a run holds open lives in its {@link ChildRun}.
 * Everything here runs on the {@link EventLoop}'s one thread, which therefore never waits on a read
 * of /proc: the process-table scans (upkeep, the tree check after an exit, the leftover check) run
 * on the scan thread and report back as {@link RunEvent}s, so a stop is always handled at once.
 *
 * <p>This class keeps the requests, the launch, the one place where a stale run's events are
 * dropped ({@link #onEvent}) and the one guarded {@link #move}. The rest of the table is split by
 * role so that each part reads on its own: {@link RunReports} (what a run reports), {@link
 * TimedMoves} (every timer-driven move) and {@link RunEnding} (stopping a run, its end and the
 * restart decision). They share this object's event-thread state, which only that thread touches.
 */
public final class ChildEngine {

  /**
   * The engine's classes log as the supervisor always did, so that journal filters and JSON logs
   * ({@code loggerName}) see the same name as before the split.
   */
  static final String LOG = "io.svc4j.supervisor.Supervisor";

  private static final Logger log = LoggerFactory.getLogger(LOG);

  // What the engine and its three parts (RunReports, TimedMoves, RunEnding) work with. The
  // config-derived parts are replaced together by ConfigSwap, on the event thread.
  SupervisorConfig config;
  final String name;
  final ChildPlatform platform;
  final EventLoop loop;
  final Executor scans; // the scan thread (EngineParts#scanThread)
  final EngineParts parts;
  RestartTracker tracker;
  CronSchedule schedule;
  MemoryLimit memory;
  Hooks hooks;
  StopSequence stops;
  RunLauncher launcher;
  final OutputTriggers outputTriggers; // one for all runs: ConfigSwap replaces its patterns
  final Path runtimeDir;
  final CapturedLogs logs;
  private final StatusBoard board;
  final Listeners listeners;
  final RunReports reports;
  final TimedMoves timed;
  final RunEnding ending;

  // Event-thread state, shared with the three parts: the snapshot, and what the current run holds
  // open. Only the event thread writes it.
  volatile Lifecycle now = Lifecycle.initial();
  ChildRun run;
  EventLoop.Timer backoff;
  final UpkeepSchedule upkeep;
  private Map<String, String> childEnvironment; // rebuilt at every launch: edited env files apply
  volatile Process liveChild; // for usage figures on other threads
  volatile boolean endedFailed;
  // Whether a leftover check passed: until one does, a launch checks first (a start after a
  // refusal checks again); restarts of a running service do not.
  boolean leftoversCleared;

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
    this.scans = parts.scanThread();
    this.parts = parts;
    this.tracker = new RestartTracker(config.restart(), parts.random());
    this.schedule = EngineChecks.schedule(config);
    this.memory = new MemoryLimit(config.restart().maxMemory());
    this.upkeep = new UpkeepSchedule(loop, this::upkeep);
    this.hooks = new Hooks(config, parts);
    this.stops = new StopSequence(config, parts, hooks);
    this.outputTriggers = new OutputTriggers(config.restart().onOutput());
    this.launcher = new RunLauncher(config, parts, logs, runtimeDir, listeners, outputTriggers);
    this.childEnvironment = childEnvironment;
    this.logs = logs;
    this.runtimeDir = runtimeDir;
    this.board = new StatusBoard(name, logs);
    this.reports = new RunReports(this);
    this.timed = new TimedMoves(this);
    this.ending = new RunEnding(this);
    publish();
  }

  /**
   * Runs on {@code next} from now on ({@link ConfigSwap}): what applies live is applied to the
   * running child, the rest from its next start. The future completes on the event thread.
   */
  public CompletableFuture<Void> adopt(SupervisorConfig next) {
    var done = new CompletableFuture<Void>();
    loop.execute(
        () -> {
          try {
            ConfigSwap.apply(this, next);
            done.complete(null);
          } catch (RuntimeException ex) {
            done.completeExceptionally(ex);
          }
        });
    return done;
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
    loop.execute(this::startIfFinal);
  }

  /** On the event thread: the launch of a start request, unless a run is under way. */
  private void startIfFinal() {
    if (!now.state().isFinal()) {
      return;
    }
    if (now.state() != STOPPED) {
      tracker.reset(); // a manual start after giving up begins afresh
    }
    endedFailed = false;
    launch();
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
            case STARTING, RUNNING -> ending.beginStop(ChildEnd.Cause.STOPPED, "stop requested");
            case STOPPING -> now = now.stoppingFor(ChildEnd.Cause.STOPPED); // no restart after it
          }
          ending.awaitFinal(done);
        });
    return done;
  }

  /**
   * Stops the child as {@link #stop} does, then starts it again; completes once the new run has
   * begun (its STARTING is published) with the state then. Not before: a wait for readiness after
   * the restart would see the stopped run's final state (STOPPED, or EXITED/FATAL of a child that
   * had ended, which reads as "the restarted child ended") while the new one is being launched.
   */
  public CompletableFuture<ChildState> restart() {
    var begun = new CompletableFuture<ChildState>();
    stop()
        .whenComplete(
            (stopped, failure) -> {
              if (failure != null) {
                begun.completeExceptionally(failure);
                return;
              }
              // On the event thread: the stop may have completed before this was chained, and
              // then this runs on the caller's thread.
              loop.execute(
                  () -> {
                    try {
                      startIfFinal();
                    } finally {
                      begun.complete(now.state());
                    }
                  });
            });
    return begun;
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
          upkeep.release();
          platform.close();
        });
  }

  // ---------------------------------------------------------------- launching

  /** -> STARTING: a new run, through the leftover check and its pre-start hook if any. */
  void launch() {
    now = now.nextRun();
    int generation = now.generation();
    ChildRun r = new ChildRun(name, generation, loop, event -> onEvent(generation, event));
    run = r;
    if (!leftoversCleared) {
      // It reads every process's environment: on the scan thread, like the pre-start hook on its
      // own; a stop meanwhile is seen by RunReports#afterLeftovers, which then launches nothing.
      move(STARTING, "checking for leftovers of a previous instance");
      SupervisorConfig checked = config;
      scans.execute(
          () -> r.report(new RunEvent.LeftoversChecked(LeftoverGate.refusal(checked, platform))));
      return;
    }
    gateLaunch();
  }

  /** STARTING: launches now, or through the hook thread (pre-start hook, queued post-stop hook). */
  void gateLaunch() {
    ChildRun r = run;
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

  void spawn() {
    try {
      platform.prepare(runtimeDir);
      upkeep.launched();
      childEnvironment = ChildEnvironment.build(config, platform);
      launcher.launch(run, childEnvironment);
    } catch (IOException | RuntimeException e) {
      log.error("{}: cannot start {}: {}", name, config.command().get(0), e.getMessage());
      run.close();
      tracker.recordStart(loop.now());
      now = now.exitedWith(127);
      ending.decide(
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
    if (now.exited() && !now.stopping() && !(event instanceof RunEvent.TreeChecked)) {
      // The main process ended and the scan thread checks for what it left: nothing else of this
      // run may move it now (a stop request still can: it is no event).
      return;
    }
    switch (event) {
      case RunEvent.LeftoversChecked checked -> reports.afterLeftovers(checked.refusal());
      case RunEvent.PreStartDone done -> reports.afterPreStart(done.failure());
      case RunEvent.Exited exited -> reports.onExit(exited.exitCode());
      case RunEvent.TreeChecked checked -> reports.afterTreeCheck(checked);
      case RunEvent.TreeGone gone -> ending.treeGone(gone.exitCode());
      case RunEvent.Notified notified -> reports.onNotify(notified.message());
      case RunEvent.Healthy healthy -> reports.healthy();
      case RunEvent.Unhealthy unhealthy -> reports.unhealthy(unhealthy.why());
      case RunEvent.Triggered trigger -> reports.triggered(trigger);
      case RunEvent.TimerFired fired -> timed.onTimer(fired.timer());
    }
  }

  // ---------------------------------------------------------------- the one move

  /** Every move goes through here: checked against the table, published, then told. */
  void move(ChildState to, String why) {
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

  /** One upkeep round: the scan on the scan thread, what it found judged back here. */
  private void upkeep(Consumer<UpkeepSchedule.Round> done) {
    boolean live = run != null && now.live() && !now.over();
    ChildRun scanned = live ? run : null;
    MemoryLimit limit = memory;
    scans.execute(
        () -> {
          var usage = limit.scan(platform, scanned == null ? null : scanned.process);
          loop.execute(
              () -> {
                if (scanned != null) {
                  // Against the limit in force now (a reload may have changed it meanwhile); a
                  // run that ended meanwhile drops the event (onEvent).
                  memory
                      .exceededBy(usage)
                      .ifPresent(
                          why ->
                              scanned.deliver(new RunEvent.Triggered(ChildEnd.Cause.MEMORY, why)));
                }
                done.accept(new UpkeepSchedule.Round(memory.measures(), usage.processes()));
              });
        });
  }

  void publish() {
    board.publish(now, run, tracker.restarts(), config.healthCheck() != null);
  }

  Map<String, String> hookEnv(String hook, Integer exitCode) {
    return ChildEnvironment.forHook(
        childEnvironment, hook, name, now.state(), tracker.restarts(), run.pid(), exitCode);
  }
}
