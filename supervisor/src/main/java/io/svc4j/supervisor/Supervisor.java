package io.svc4j.supervisor;

import io.svc4j.runtime.HostOptions;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.CronSchedule;
import io.svc4j.supervisor.config.EnvExpander;
import io.svc4j.supervisor.config.EnvFiles;
import io.svc4j.supervisor.config.ReadinessMode;
import io.svc4j.supervisor.config.Signals;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlPaths;
import io.svc4j.supervisor.control.ControlServer;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.ChildStatus;
import io.svc4j.supervisor.engine.SupervisorListener;
import io.svc4j.supervisor.health.HealthMonitor;
import io.svc4j.supervisor.logs.LogAccess;
import io.svc4j.supervisor.logs.LogDirectory;
import io.svc4j.supervisor.logs.LogFile;
import io.svc4j.supervisor.logs.StreamPump;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import io.svc4j.supervisor.metrics.SupervisorMetrics;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.ChildPlatforms;
import io.svc4j.supervisor.os.NotifyInbox;
import io.svc4j.supervisor.os.NotifyMessage;
import io.svc4j.supervisor.os.PrintableText;
import io.svc4j.supervisor.policy.ChildEnd;
import io.svc4j.supervisor.policy.Decision;
import io.svc4j.supervisor.policy.RestartTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child program and keeps it running according to its {@link SupervisorConfig}: restart
 * policy, readiness (uptime, sd_notify READY, health), watchdog, health checks, log capture, and a
 * stop of its whole process tree. States: {@link ChildState}.
 *
 * <p>It is also a {@link Service}, so core's ServiceHost can host it under systemd or the SCM:
 * {@code start} returns (and the host reports READY) only once the child is ready; {@code stop}
 * stops the whole tree gracefully. When the child ends for good, the hosted supervisor ends too:
 * cleanly (exit 0) for a clean end, as failed (non-zero, so the outer manager's recovery applies)
 * for FATAL or a failed end.
 *
 * <p>Everything the OS does (launching a tree, stopping it, the notify channel, no orphans) is
 * behind {@link ChildPlatform}: Linux and Windows.
 *
 * <p>Threads: all state lives on one event thread; process launches happen on it too, because Linux
 * ties a child's parent-death signal to the thread that forked it. Stopping a tree (which waits)
 * runs on a second thread and reports back to the event thread.
 */
public final class Supervisor
    implements Service, Reloadable, AutoCloseable, io.svc4j.service.ReportsFigures {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
  private static final Set<String> MANAGER_VARIABLES =
      Set.of(
          "NOTIFY_SOCKET",
          "WATCHDOG_USEC",
          "WATCHDOG_PID",
          "LISTEN_FDS",
          "LISTEN_PID",
          "LISTEN_FDNAMES");

  private final SupervisorConfig config;
  private final String name;
  // Rebuilt at every launch, so that edited environment files apply on the next restart.
  private volatile Map<String, String> childEnvironment;
  private final ChildPlatform platform;
  private final RestartTracker tracker;
  private final ScheduledExecutorService loop;
  private final ExecutorService stopper;
  private final List<SupervisorListener> listeners = new CopyOnWriteArrayList<>();
  private final Path runtimeDir;
  private final LogFile stdoutLog;
  private final LogFile stderrLog;
  private final LogDirectory logDirectory; // held open: files are made inside it by name only
  private final List<Pattern> outputPatterns;
  private final CronSchedule schedule;

  // Event-thread state.
  private ChildState state = ChildState.STOPPED;
  private String reason = "not started";
  private ChildRun run;
  private int generation;
  private ScheduledFuture<?> backoffTimer;
  private ScheduledFuture<?> reaperTimer;
  private volatile Process liveChild; // for status answers on the control thread
  private volatile boolean endedFailed;
  private Integer lastExitCode;
  private final List<CompletableFuture<ChildState>> finalWaiters = new ArrayList<>();
  private volatile ChildStatus snapshot;
  private volatile boolean closed;
  private volatile ControlServer control;
  private volatile OperatorStops operatorStops;
  private final SupervisorMetrics metrics;

  private Supervisor(SupervisorConfig config, ChildPlatform platform) {
    this.config = config;
    this.name = config.name();
    this.platform = platform;
    this.childEnvironment = buildEnvironment(config, platform);
    platform.checkCommand(config.command(), config.workingDirectory(), childEnvironment);
    this.tracker = new RestartTracker(config.restart(), Math::random);
    this.operatorStops =
        new OperatorStops(platform, ControlPaths.stateDirectory(), name, config.restart().mode());
    this.outputPatterns = config.restart().onOutput().stream().map(Pattern::compile).toList();
    this.schedule =
        config.restart().schedule() == null
            ? null
            : CronSchedule.parse(config.restart().schedule(), "restart.schedule");
    if (!outputPatterns.isEmpty() && config.logs() == null) {
      throw new ConfigException(
          "restart.on-output", "needs log capture: set logs.directory so the output can be read");
    }
    // SupervisorCheck refuses what this constructor refuses, without creating anything (install,
    // --dry-run): a new refusal here belongs there too.
    var logs = config.logs();
    if (logs == null) {
      stdoutLog = null;
      stderrLog = null;
      logDirectory = null;
    } else {
      try {
        platform.secureDirectory(logs.directory(), "log"); // not %ProgramData%'s inherited ACL
        logDirectory = LogDirectory.open(logs.directory(), LogAccess.forRunAs(config.runAs()));
        stdoutLog = openLog(logs.stdoutFile(name));
        stderrLog = logs.merged(name) ? stdoutLog : openLog(logs.stderrFile(name));
      } catch (UnsafeDirectoryException e) {
        throw new ConfigException("logs.directory", e.getMessage());
      } catch (IOException e) {
        throw new ConfigException(
            "logs.directory",
            "cannot write log files in '" + logs.directory() + "': " + e.getMessage());
      }
    }
    try { // for the notify endpoints
      this.runtimeDir = platform.createRuntimeDirectory();
    } catch (UnsafeDirectoryException e) {
      closeLogs();
      throw new ConfigException("java.io.tmpdir", e.getMessage());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a runtime directory: " + e.getMessage(), e);
    }
    var events =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("svc4j-supervisor-" + name).factory());
    events.setRemoveOnCancelPolicy(true);
    events.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.loop = events;
    this.stopper =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("svc4j-stopper-" + name).factory());
    publish();
    this.metrics =
        SupervisorMetrics.collect(config, this::liveStatus, logFiles(), this::addListener);
  }

  /** This supervisor's meters (served by the control channel, and on a port when configured). */
  public SupervisorMetrics metrics() {
    return metrics;
  }

  /** The open log files by stream ("stdout", "stderr", or "output" when merged); empty if none. */
  public Map<String, LogFile> logFiles() {
    if (stdoutLog == null) {
      return Map.of();
    }
    return stderrLog == stdoutLog
        ? Map.of("output", stdoutLog)
        : Map.of("stdout", stdoutLog, "stderr", stderrLog);
  }

  /**
   * A supervisor for {@code config}. Validates what can be checked before anything starts (the
   * program is found, the working directory exists, environment references resolve, the log
   * directory is writable) and throws {@link ConfigException} naming the setting otherwise.
   */
  public static Supervisor of(SupervisorConfig config) {
    return new Supervisor(config, ChildPlatforms.forThisHost(config));
  }

  /** A supervisor for {@code command} with default settings. */
  public static Supervisor fromCommand(String name, List<String> command) {
    return of(SupervisorConfig.of(name, command));
  }

  /** A supervisor for {@code command} with {@code options} applied over the defaults. */
  public static Supervisor fromCommand(
      String name, List<String> command, SupervisorOptions options) {
    return of(options.applyTo(SupervisorConfig.of(name, command)));
  }

  public SupervisorConfig config() {
    return config;
  }

  /**
   * Host options that fit this supervisor: its name, and a stop deadline that leaves room for the
   * child's stop timeout, the SIGKILL round and closing the log files. Hosting it with a shorter
   * deadline makes the host give up before the tree is gone.
   */
  public HostOptions hostOptions() {
    return HostOptions.named(name).withStopDeadline(stopBudget());
  }

  /** Stop timeout, plus the pre-stop and post-stop hooks if any, plus the SIGKILL round. */
  Duration stopBudget() {
    return StopBudget.of(config);
  }

  public void addListener(SupervisorListener listener) {
    listeners.add(listener);
  }

  /** Whether the child's last end counts as a failure for the outer manager. */
  boolean endedFailed() {
    return endedFailed;
  }

  /** The latest snapshot; safe from any thread. */
  public ChildStatus status() {
    ChildStatus s = snapshot;
    long dropped = droppedLines();
    if (dropped == s.droppedLines() && logTrouble().equals(s.logs())) {
      return s;
    }
    return new ChildStatus(
        s.name(),
        s.state(),
        s.pid(),
        s.startedAt(),
        s.restarts(),
        s.lastExitCode(),
        s.reason(),
        s.childStatus(),
        s.health(),
        dropped,
        logTrouble());
  }

  private long droppedLines() {
    return stdoutLog == null
        ? 0
        : stdoutLog.droppedLines() + (stderrLog == stdoutLog ? 0 : stderrLog.droppedLines());
  }

  /** What went wrong with log capture (disk full), "" when nothing did. */
  private String logTrouble() {
    if (stdoutLog == null) {
      return "";
    }
    String out = stdoutLog.trouble();
    String err = stderrLog == stdoutLog ? "" : stderrLog.trouble();
    return out.isEmpty() ? err : err.isEmpty() ? out : out + "; " + err;
  }

  /** Private directory of this supervisor's notify sockets; removed by close() or the guard. */
  public Path runtimeDir() {
    return runtimeDir;
  }

  /** The tree's environment tag (NAME=1), which every process of the child's tree carries. */
  public String treeTag() {
    return platform.treeTag();
  }

  // ---------------------------------------------------------------- public control

  /** Starts the child if none runs (from STOPPED, EXITED or FATAL); returns at once. */
  public void startChild() {
    onLoop(
        () -> {
          if (!state.isFinal()) {
            return;
          }
          if (state != ChildState.STOPPED) {
            tracker.reset(); // a manual start after giving up begins afresh
          }
          endedFailed = false;
          if (generation == 0 && !leftoversAllowStart()) {
            return;
          }
          launch();
        });
  }

  /**
   * Stops the child and its whole tree; the future completes with the final state once no process
   * of the tree is left.
   */
  public CompletableFuture<ChildState> stopChild() {
    if (loop.isShutdown()) {
      return CompletableFuture.completedFuture(snapshot.state()); // closed: nothing runs
    }
    var done = new CompletableFuture<ChildState>();
    onLoop(
        () -> {
          switch (state) {
            case STOPPED, EXITED, FATAL -> {
              done.complete(state);
              return;
            }
            case BACKOFF -> {
              backoffTimer.cancel(false);
              move(ChildState.STOPPED, "stopped on request during backoff");
              done.complete(state);
              return;
            }
            case STARTING, RUNNING -> beginStop(run, ChildEnd.Cause.STOPPED);
            case STOPPING -> run.cause = ChildEnd.Cause.STOPPED; // no restart after this stop
          }
          finalWaiters.add(done);
        });
    return done;
  }

  /** Waits until the child is RUNNING (true) or has ended for good (false). */
  public boolean awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        ChildState now = snapshot.state();
        if (now == ChildState.RUNNING) {
          return true;
        }
        if (now == ChildState.EXITED || now == ChildState.FATAL) {
          return false;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(name + " is still " + now + " after " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
    }
  }

  /**
   * Serves the local control channel at {@code socket} (for {@code svc4j status | start | stop |
   * restart}); closed with the supervisor. {@link ControlPaths#forService} is where the CLI looks.
   */
  public ControlServer serveControl(Path socket) throws IOException {
    var server = ControlServer.start(socket, new ControlCommands(this, operatorStops)::handle);
    control = server;
    return server;
  }

  /**
   * Runs this supervisor as the process's service, the way {@code svc4j run} does: serves the
   * control channel at {@code controlSocket}, then hosts itself with core's {@link
   * io.svc4j.runtime.ServiceHost} (systemd, the SCM or the console, whichever started the process)
   * until it ends.
   *
   * @return the process exit code ({@link io.svc4j.runtime.ExitCodes}); {@code USAGE} when the
   *     control socket is taken by a running instance of the same service
   */
  public int runHosted(Path controlSocket) {
    try {
      serveControl(controlSocket);
    } catch (IOException | UnsupportedOperationException e) {
      if (platform.controlChannelOptional() && !ControlClient.answers(controlSocket)) {
        // Windows before 10 1803, and Wine, have no AF_UNIX: the service runs without live state.
        log.warn(
            "{}: no control channel ({}); svc4j status will show the service's state only",
            name,
            e.toString());
      } else {
        log.error("{}: {}", name, e.getMessage());
        close();
        return io.svc4j.runtime.ExitCodes.USAGE;
      }
    }
    io.svc4j.runtime.LifecycleListener[] registry; // the config's registry: section
    try {
      registry = io.svc4j.supervisor.registry.SupervisedRegistry.listeners(config, this);
    } catch (IllegalArgumentException e) {
      log.error("{}: {}", name, e.getMessage());
      close();
      return io.svc4j.runtime.ExitCodes.USAGE;
    }
    if (!metrics.serveConfigured()) {
      close();
      return io.svc4j.runtime.ExitCodes.USAGE;
    }
    return io.svc4j.runtime.ServiceHost.run(this, hostOptions(), registry);
  }

  /**
   * Where operator stops are remembered for the {@code unless-stopped} policy; {@link
   * ControlPaths#stateDirectory()} by default. Call before start.
   */
  public Supervisor withStateDirectory(Path dir) {
    this.operatorStops = new OperatorStops(platform, dir, name, config.restart().mode());
    return this;
  }

  /** With unless-stopped, whether an operator's stop was remembered. */
  public boolean isOperatorStopped() {
    return operatorStops.remembered();
  }

  /** Stops the child, then starts it again; completes once it was launched again. */
  public CompletableFuture<ChildState> restartChild() {
    return stopChild()
        .thenApply(
            stopped -> {
              startChild();
              return ChildState.STARTING;
            });
  }

  /** The last CPU reading for {@link #figures}: tree CPU seconds and when they were read. */
  private final Object figuresLock = new Object();

  private double lastCpuSeconds = -1;
  private long lastCpuNanos;
  private long lastCpuPid;

  /**
   * For a registry heartbeat: the child's state when it is not RUNNING (BACKOFF, STARTING, ...),
   * and the memory and CPU share of the child's process tree, not of this JVM.
   */
  @Override
  public io.svc4j.service.ReportsFigures.Figures figures() {
    ChildStatus s = status();
    String state = s.state() == ChildState.RUNNING ? null : s.state().name();
    Process child = liveChild;
    if (s.pid() <= 0 || child == null) {
      return new io.svc4j.service.ReportsFigures.Figures(state, null, null);
    }
    ChildPlatform.TreeUsage usage = platform.usage(child);
    Double cpu = null;
    long now = System.nanoTime();
    synchronized (figuresLock) {
      if (lastCpuSeconds >= 0 && lastCpuPid == s.pid() && now > lastCpuNanos) {
        double share =
            (usage.cpuSeconds() - lastCpuSeconds)
                / ((now - lastCpuNanos) / 1e9)
                / Runtime.getRuntime().availableProcessors();
        cpu = Math.max(0, Math.min(1, share));
      }
      lastCpuSeconds = usage.cpuSeconds();
      lastCpuNanos = now;
      lastCpuPid = s.pid();
    }
    return new io.svc4j.service.ReportsFigures.Figures(
        state, cpu, usage.residentBytes() > 0 ? usage.residentBytes() : null);
  }

  /** Live state for {@code svc4j status}: the snapshot plus the tree's memory and CPU now. */
  public SupervisedStatus liveStatus() {
    ChildStatus s = status();
    Process child = liveChild;
    return StatusReport.of(s, s.pid() > 0 && child != null ? platform.usage(child) : null, config);
  }

  /** Stops the child (if running), then releases threads, the orphan guard and log files. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      stopChild().get(stopBudget().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.error("{}: stopping the child while closing failed: {}", name, e.toString());
    }
    closed = true;
    if (control != null) {
      control.close();
    }
    metrics.close();
    onLoop(
        () -> {
          if (reaperTimer != null) {
            reaperTimer.cancel(false);
          }
          platform.close();
        });
    loop.shutdown();
    stopper.shutdown();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
      // A post-stop hook may still run there.
      stopper.awaitTermination(config.hooks().timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeLogs();
    try (var files = Files.list(runtimeDir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(runtimeDir);
    } catch (IOException e) {
      log.debug("Cannot remove {}: {}", runtimeDir, e.toString());
    }
  }

  private void closeLogs() {
    if (stdoutLog != null) {
      stdoutLog.close();
      if (stderrLog != stdoutLog) {
        stderrLog.close();
      }
      logDirectory.close();
    }
  }

  // ---------------------------------------------------------------- Service

  @Override
  public void start(ServiceContext context) throws Exception {
    var bridge = new HostBridge(context, this);
    addListener(bridge);
    if (isOperatorStopped()) {
      // unless-stopped: an operator stopped the child before this supervisor (re)started.
      log.info("{}: stopped by an operator earlier (unless-stopped); not starting it", name);
      bridge.started = true;
      context.status(name + ": STOPPED by an operator; `svc4j start " + name + "` starts it");
      return;
    }
    startChild();
    while (true) {
      try {
        if (awaitReady(Duration.ofSeconds(10))) {
          context.status(status().summary());
          bridge.started = true;
          return;
        }
        String why = snapshot.reason();
        close(); // the child is gone for good and the host will not call stop()
        throw new ChildFailedException(name + " did not become ready: " + why);
      } catch (TimeoutException stillStarting) {
        context.extendTimeout(Duration.ofSeconds(30)); // the child is still starting or backing off
      }
    }
  }

  @Override
  public void stop(ServiceContext context) throws Exception {
    Duration budget = context.stopDeadline().minusSeconds(1);
    try {
      stopChild().get(Math.max(1000, budget.toMillis()), TimeUnit.MILLISECONDS);
    } finally {
      close();
    }
  }

  @Override
  public boolean isAlive() {
    try {
      return loop.submit(() -> true).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether a reload can reach the child here: Windows has no signals, only a restart. */
  @Override
  public boolean canReload() {
    return config.reload().restart() || platform.hasSignals();
  }

  /** Forwards the reload to the child as configured ({@link ChildReload}). */
  @Override
  public void reload(ServiceContext context) throws Exception {
    ChildReload.perform(this, config.reload());
  }

  /**
   * Sends {@code signal} to the running child's main process for a reload. With {@code awaitReady}
   * the future completes at the child's next READY=1, else once the signal is delivered; it fails
   * when the child is not RUNNING or ends first.
   */
  CompletableFuture<Void> signalForReload(int signal, boolean awaitReady) {
    var done = new CompletableFuture<Void>();
    onLoop(
        () -> {
          ChildRun r = run;
          if (state != ChildState.RUNNING || r == null || r.exited || r.process == null) {
            done.completeExceptionally(
                new ChildReload.ReloadException("the child is " + state + ", not RUNNING"));
            return;
          }
          if (!platform.signal(r.process, signal)) {
            done.completeExceptionally(
                new ChildReload.ReloadException("cannot signal pid " + r.pid()));
            return;
          }
          log.info("{}: reload: signal {} sent to pid {}", name, signal, r.pid());
          if (awaitReady) {
            r.reloadReady = done;
          } else {
            done.complete(null);
          }
        });
    return done;
  }

  /** The child ended for good in a way the outer manager should treat as a failure. */
  public static final class ChildFailedException extends io.svc4j.service.ServiceOutcomeException {
    public ChildFailedException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- engine (event thread)

  private void launch() {
    ChildRun r = new ChildRun(++generation);
    run = r;
    var hooks = config.hooks();
    String launching = "launching " + String.join(" ", config.command());
    if (hooks.preStart().isEmpty() && hooks.postStop().isEmpty()) {
      move(ChildState.STARTING, launching);
      spawn(r);
      return;
    }
    // Through the hook thread even without a pre-start hook: the previous run's post-stop hook,
    // queued there, must finish before the next launch.
    move(ChildState.STARTING, hooks.preStart().isEmpty() ? launching : "running pre-start hook");
    Map<String, String> env = hookEnvironment("pre-start", r, null);
    stopper.execute(
        () -> {
          String failure =
              hooks.preStart().isEmpty() ? null : runHook("pre-start", hooks.preStart(), env);
          onLoop(() -> afterPreStart(r, failure));
        });
  }

  private void afterPreStart(ChildRun r, String failure) {
    if (run != r) {
      return;
    }
    if (r.cause != null || failure != null) {
      r.exited = true;
      tracker.recordStart(Instant.now());
      var end =
          r.cause != null
              ? new ChildEnd(r.cause, -1, Duration.ZERO)
              : new ChildEnd(ChildEnd.Cause.PRE_START_FAILED, -1, Duration.ZERO);
      decide(r, end, failure == null ? end.describe() : "pre-start hook failed: " + failure);
      return;
    }
    spawn(r);
  }

  private Map<String, String> hookEnvironment(String hook, ChildRun r, Integer exitCode) {
    Map<String, String> env = new HashMap<>(childEnvironment);
    env.put("SVC4J_HOOK", hook);
    env.put("SVC4J_SERVICE", name);
    env.put("SVC4J_STATE", state.name());
    env.put("SVC4J_RESTARTS", Integer.toString(tracker.restarts()));
    if (r.process != null) {
      env.put("SVC4J_PID", Long.toString(r.pid()));
    }
    if (exitCode != null) {
      env.put("SVC4J_EXIT_CODE", Integer.toString(exitCode));
    }
    return env;
  }

  /** Runs a hook on the calling (hook) thread; returns null on success, else why it failed. */
  private String runHook(String hook, List<String> command, Map<String, String> env) {
    try {
      String failure =
          platform.runHook(command, env, config.workingDirectory(), config.hooks().timeout());
      if (failure != null) {
        log.warn("{}: {} hook failed: {}", name, hook, failure);
      }
      return failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void spawn(ChildRun r) {
    var readiness = config.readiness();
    try {
      prepare();
      childEnvironment = buildEnvironment(config, platform);
      Map<String, String> env = new HashMap<>(childEnvironment);
      if (readiness.notifySocket()) {
        r.notify =
            platform.openNotify(
                runtimeDir,
                r.generation,
                // Bounded: a flood of datagrams waits in the kernel, not in our event queue.
                new NotifyInbox(
                    task -> loop.execute(() -> guarded(task)), message -> onNotify(r, message)));
        env.put("NOTIFY_SOCKET", r.notify.address());
      }
      if (readiness.watchdog() != null) {
        r.watchdogNanos = readiness.watchdog().toNanos();
        env.put("WATCHDOG_USEC", Long.toString(readiness.watchdog().toNanos() / 1000));
      }
      platform.checkCommand(config.command(), config.workingDirectory(), env);
      var builder = new ProcessBuilder();
      if (config.workingDirectory() != null) {
        builder.directory(config.workingDirectory().toFile());
      }
      if (stdoutLog == null) {
        builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
      }
      builder.redirectInput(ProcessBuilder.Redirect.from(platform.nullDevice()));
      r.process = platform.launch(config.command(), env, builder);
    } catch (IOException | RuntimeException e) {
      log.error("{}: cannot start {}: {}", name, config.command().get(0), e.getMessage());
      closeRunResources(r);
      tracker.recordStart(Instant.now());
      r.exited = true;
      r.exitCode = 127;
      decide(
          r,
          new ChildEnd(ChildEnd.Cause.EXITED, 127, Duration.ZERO),
          "cannot start: " + e.getMessage());
      return;
    }
    long pid = r.process.pid();
    liveChild = r.process;
    tracker.recordStart(r.startedAt);
    log.info("{}: started pid {}", name, pid);
    if (stdoutLog != null) {
      boolean ts = config.logs().timestamps();
      BiConsumer<Pattern, String> onMatch =
          (pattern, line) ->
              onLoop(
                  () ->
                      onTrigger(
                          r,
                          ChildEnd.Cause.OUTPUT_MATCH,
                          "output matched /" + pattern + "/: " + abbreviate(line)));
      r.pumps.add(
          StreamPump.start(
              r.process.getInputStream(), stdoutLog, ts, name + "-out", outputPatterns, onMatch));
      r.pumps.add(
          StreamPump.start(
              r.process.getErrorStream(), stderrLog, ts, name + "-err", outputPatterns, onMatch));
    }
    r.process.onExit().thenRun(() -> onLoop(() -> onExit(r)));
    if (config.healthCheck() != null) {
      r.health =
          HealthMonitor.start(
              config.healthCheck(),
              new HealthMonitor.Listener() {
                @Override
                public void healthy() {
                  onLoop(() -> onHealthy(r));
                }

                @Override
                public void unhealthy(String why) {
                  onLoop(() -> onUnhealthy(r, why));
                }

                @Override
                public void checked(boolean ok, Duration took) {
                  listeners.forEach(l -> l.healthChecked(ok, took));
                }
              },
              name,
              platform.commandPrefix());
    }
    if (readiness.mode() == ReadinessMode.UPTIME) {
      r.readyTimer =
          loop.schedule(
              () ->
                  guarded(() -> ready(r, "up for " + readiness.startSeconds().toMillis() + " ms")),
              readiness.startSeconds().toMillis(),
              TimeUnit.MILLISECONDS);
    } else {
      r.readyTimer = scheduleStartTimeout(r, readiness.startTimeout());
    }
    publish();
  }

  /**
   * Before the first launch: processes of a previous instance or a listener on the health check's
   * local port ({@link LeftoverCheck}) are reported, killed (only marked processes) or make the
   * start fail, as configured. On the event thread: nothing else happens before the first launch.
   */
  private boolean leftoversAllowStart() {
    var found = platform.findLeftovers(name, HealthPorts.localPort(config));
    if (found == null) {
      return true;
    }
    switch (config.leftovers()) {
      case REPORT ->
          log.warn("{}: {}; starting anyway (leftovers: report)", name, found.describe());
      case KILL -> {
        log.warn("{}: {}; stopping them (leftovers: kill)", name, found.describe());
        found.kill(config.stop().timeout());
      }
      case FAIL -> {
        move(ChildState.STARTING, "checking for leftovers of a previous instance");
        endedFailed = true;
        move(
            ChildState.FATAL,
            found.describe() + "; stop them, or set leftovers: kill (or report) to start anyway");
        return false;
      }
    }
    return true;
  }

  private ScheduledFuture<?> scheduleStartTimeout(ChildRun r, Duration timeout) {
    return loop.schedule(
        () ->
            guarded(
                () -> {
                  if (run == r && state == ChildState.STARTING) {
                    log.warn("{}: not ready within {} ms; stopping it", name, timeout.toMillis());
                    beginStop(r, ChildEnd.Cause.START_TIMEOUT);
                  }
                }),
        timeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void ready(ChildRun r, String why) {
    if (run != r || state != ChildState.STARTING || r.exited || !r.process.isAlive()) {
      return;
    }
    if (r.readyTimer != null) {
      r.readyTimer.cancel(false);
    }
    move(ChildState.RUNNING, why);
    armWatchdog(r);
    armSchedule(r);
    if (!config.hooks().postStart().isEmpty()) {
      Map<String, String> env = hookEnvironment("post-start", r, null);
      // Not on the hook/stop thread: a slow post-start hook must not delay a stop.
      Thread.ofPlatform()
          .daemon()
          .name("svc4j-post-start-" + name)
          .start(() -> runHook("post-start", config.hooks().postStart(), env));
    }
  }

  private void onNotify(ChildRun r, NotifyMessage message) {
    if (run != r || r.exited) {
      return; // a late datagram from an earlier run
    }
    message
        .status()
        .ifPresent(
            text -> {
              r.childStatus = text;
              publish();
              listeners.forEach(l -> l.childStatus(text));
            });
    message
        .watchdogUsec()
        .ifPresent(
            usec -> {
              r.watchdogNanos = usec * 1000;
              armWatchdog(r);
            });
    if (message.ready()) {
      if (r.reloadReady != null) {
        r.reloadReady.complete(null); // the reload the signal asked for is done
        r.reloadReady = null;
      }
      ready(r, "child reported READY=1");
    }
    if (message.watchdogPing()) {
      armWatchdog(r);
    }
    if (message.watchdogTrigger() && state == ChildState.RUNNING) {
      onHang(r, "child sent WATCHDOG=trigger");
    }
    message
        .extendTimeoutUsec()
        .ifPresent(
            usec -> {
              if (state == ChildState.STARTING && r.readyTimer != null) {
                r.readyTimer.cancel(false);
                r.readyTimer = scheduleStartTimeout(r, Duration.ofNanos(usec * 1000));
              }
            });
  }

  private void armWatchdog(ChildRun r) {
    if (r.watchdogTimer != null) {
      r.watchdogTimer.cancel(false);
      r.watchdogTimer = null;
    }
    if (state != ChildState.RUNNING || r.watchdogNanos <= 0) {
      return;
    }
    long nanos = r.watchdogNanos;
    r.watchdogTimer =
        loop.schedule(
            () ->
                guarded(
                    () ->
                        onHang(
                            r,
                            "no WATCHDOG=1 within "
                                + TimeUnit.NANOSECONDS.toMillis(nanos)
                                + " ms")),
            nanos,
            TimeUnit.NANOSECONDS);
  }

  /** The next planned restart of this run, if restart.schedule is set. */
  private void armSchedule(ChildRun r) {
    if (schedule == null) {
      return;
    }
    schedule
        .untilNext(java.time.ZonedDateTime.now())
        .ifPresent(
            delay ->
                r.scheduleTimer =
                    loop.schedule(
                        () ->
                            guarded(
                                () -> {
                                  if (run == r && state == ChildState.RUNNING && r.cause == null) {
                                    beginStop(
                                        r,
                                        ChildEnd.Cause.SCHEDULED,
                                        "scheduled restart (cron '" + schedule.expression() + "')");
                                  }
                                }),
                        Math.max(1, delay.toMillis()),
                        TimeUnit.MILLISECONDS));
  }

  private void onHang(ChildRun r, String why) {
    if (run != r || state != ChildState.RUNNING) {
      return;
    }
    log.warn("{}: child pid {} is hung: {}", name, r.pid(), why);
    beginStop(r, ChildEnd.Cause.HUNG, "stopping hung child: " + why);
  }

  private void onHealthy(ChildRun r) {
    if (run == r && config.readiness().mode() == ReadinessMode.HEALTH) {
      ready(r, "health check passed");
    }
    publish();
  }

  private void onUnhealthy(ChildRun r, String why) {
    publish();
    if (run != r || state != ChildState.RUNNING) {
      return;
    }
    log.warn("{}: child pid {} is unhealthy: {}", name, r.pid(), why);
    if (config.healthCheck().restartOnUnhealthy()) {
      beginStop(r, ChildEnd.Cause.UNHEALTHY, "stopping unhealthy child: " + why);
    }
  }

  /**
   * A restart trigger fired (output pattern, memory limit): stop the run, then the policy decides.
   */
  private void onTrigger(ChildRun r, ChildEnd.Cause cause, String why) {
    if (run != r
        || r.cause != null
        || r.exited
        || (state != ChildState.RUNNING && state != ChildState.STARTING)) {
      return;
    }
    log.warn("{}: restarting pid {}: {}", name, r.pid(), why);
    beginStop(r, cause, "stopping child: " + why);
  }

  private static String abbreviate(String line) {
    String flat = PrintableText.clean(line).strip(); // shown by svc4j status
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
  }

  /** The child process itself ended (the tree may live on). */
  private void onExit(ChildRun r) {
    r.exited = true;
    r.exitCode = r.process.exitValue();
    if (r.cause != null) {
      return; // a stop is in progress; it reports when the whole tree is gone
    }
    if (!platform.treeAlive(r.process)) {
      treeGone(r);
      return;
    }
    // The child left processes behind (daemonised helpers holding its port, say): they go with it
    // before any restart, like systemd's KillMode=control-group.
    log.info("{}: pid {} exited and left processes behind; stopping them", name, r.pid());
    beginStop(r, ChildEnd.Cause.EXITED);
  }

  private void beginStop(ChildRun r, ChildEnd.Cause cause) {
    beginStop(r, cause, describe(cause));
  }

  private void beginStop(ChildRun r, ChildEnd.Cause cause, String why) {
    r.cause = cause;
    cancelTimers(r);
    if (state != ChildState.STOPPING) {
      move(ChildState.STOPPING, why);
    }
    if (r.process == null) {
      return; // its pre-start hook runs; afterPreStart sees the cause and does not launch
    }
    List<String> preStop = cause == ChildEnd.Cause.EXITED ? List.of() : config.hooks().preStop();
    Map<String, String> preStopEnv =
        preStop.isEmpty() ? Map.of() : hookEnvironment("pre-stop", r, null);
    var stop =
        new ChildPlatform.StopRequest(
            Signals.number(config.stop().signal()),
            config.stop().windows(),
            config.stop().timeout(),
            name);
    boolean dump = cause == ChildEnd.Cause.HUNG;
    stopper.execute(
        () -> {
          try {
            if (!preStop.isEmpty() && r.process.isAlive()) {
              runHook("pre-stop", preStop, preStopEnv);
            }
            if (dump && !r.exited && platform.threadDump(r.process)) {
              // The JVM printed its stacks to its stdout: into the captured log, if any.
              Path file = stdoutLog == null ? null : stdoutLog.path();
              log.warn(
                  "{}: hung pid {} printed its thread stacks to its stdout{}",
                  name,
                  r.pid(),
                  file == null ? "" : " (" + file + ")");
              listeners.forEach(l -> l.threadDumped(file));
            }
            platform.stopTree(r.process, stop);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            log.error("{}: stopping the tree failed: {}", name, e.toString(), e);
          }
          onLoop(
              () -> {
                r.exited = true;
                r.exitCode = r.process.isAlive() ? -1 : r.process.exitValue();
                treeGone(r);
              });
        });
  }

  private static String describe(ChildEnd.Cause cause) {
    return switch (cause) {
      case STOPPED -> "stop requested";
      case HUNG -> "stopping hung child";
      case UNHEALTHY -> "stopping unhealthy child";
      case START_TIMEOUT -> "stopping child that did not become ready";
      case OUTPUT_MATCH -> "stopping child whose output matched a restart pattern";
      case MEMORY -> "stopping child above its memory limit";
      case PRE_START_FAILED -> "pre-start hook failed";
      case SCHEDULED -> "scheduled restart";
      case EXITED -> "cleaning up the tree";
    };
  }

  /** No process of run {@code r} is left: decide what comes next. */
  private void treeGone(ChildRun r) {
    if (run != r) {
      return;
    }
    closeRunResources(r);
    platform.forget(r.process);
    liveChild = null;
    ChildEnd.Cause cause = r.cause == null ? ChildEnd.Cause.EXITED : r.cause;
    ChildEnd end = new ChildEnd(cause, r.exitCode == null ? -1 : r.exitCode, r.uptime());
    if (!config.hooks().postStop().isEmpty()) {
      Map<String, String> env = hookEnvironment("post-stop", r, end.exitCode());
      stopper.execute(() -> runHook("post-stop", config.hooks().postStop(), env));
    }
    decide(r, end, end.describe());
  }

  private void decide(ChildRun r, ChildEnd end, String what) {
    lastExitCode = r.exitCode;
    Decision decision = tracker.onEnd(end, Instant.now());
    log.info("{}: pid {} {}; {}", name, r.pid(), decision.reason(what), decision.nextStep());
    listeners.forEach(l -> l.childEnded(end, decision));
    switch (decision) {
      case Decision.Restart restart -> {
        move(ChildState.BACKOFF, what + "; restarting in " + restart.delay().toMillis() + " ms");
        backoffTimer =
            loop.schedule(
                () ->
                    guarded(
                        () -> {
                          if (state == ChildState.BACKOFF) {
                            launch();
                          }
                        }),
                restart.delay().toMillis(),
                TimeUnit.MILLISECONDS);
      }
      case Decision.Exit exit -> {
        endedFailed = exit.failed();
        move(ChildState.EXITED, exit.reason(what));
      }
      case Decision.Fatal fatal -> {
        endedFailed = true;
        move(ChildState.FATAL, fatal.reason(what));
      }
      case Decision.Stopped stopped -> move(ChildState.STOPPED, stopped.reason());
    }
    if (state.isFinal()) {
      finalWaiters.forEach(w -> w.complete(state));
      finalWaiters.clear();
    }
  }

  private void cancelTimers(ChildRun r) {
    if (r.readyTimer != null) {
      r.readyTimer.cancel(false);
    }
    if (r.watchdogTimer != null) {
      r.watchdogTimer.cancel(false);
    }
    if (r.scheduleTimer != null) {
      r.scheduleTimer.cancel(false);
    }
  }

  private void closeRunResources(ChildRun r) {
    cancelTimers(r);
    if (r.reloadReady != null) {
      r.reloadReady.completeExceptionally(
          new ChildReload.ReloadException("the child ended before it reported READY=1"));
      r.reloadReady = null;
    }
    if (r.health != null) {
      r.health.close();
    }
    if (r.notify != null) {
      r.notify.close();
    }
    for (StreamPump pump : r.pumps) {
      try {
        if (!pump.await(2000)) {
          log.warn(
              "{}: an output pipe of pid {} is still open after its tree ended", name, r.pid());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void prepare() throws IOException {
    platform.prepare(runtimeDir);
    if (reaperTimer == null) {
      reaperTimer =
          loop.scheduleWithFixedDelay(() -> guarded(this::upkeep), 2, 5, TimeUnit.SECONDS);
    }
  }

  private void upkeep() {
    ChildRun r = run;
    boolean live = r != null && !r.exited && r.process != null;
    Long limit = config.restart().maxMemory();
    var usage = platform.upkeep(live ? r.process : null, live && limit != null);
    if (live && limit != null && usage.residentBytes() > limit) {
      onTrigger(
          r,
          ChildEnd.Cause.MEMORY,
          "its tree uses "
              + (usage.residentBytes() >> 20)
              + " MiB, above max-memory "
              + (limit >> 20)
              + " MiB");
    }
  }

  private void move(ChildState to, String why) {
    ChildState from = state;
    if (from != to && !from.canMoveTo(to)) {
      throw new IllegalStateException(name + ": illegal transition " + from + " -> " + to);
    }
    state = to;
    reason = why;
    if (from != to) {
      log.info("{}: {} -> {} ({})", name, from, to, why);
    }
    publish();
    if (from != to) {
      for (SupervisorListener l : listeners) {
        try {
          l.stateChanged(from, to, why);
        } catch (RuntimeException e) {
          log.warn("{}: listener {} failed: {}", name, l, e.toString(), e);
        }
      }
    }
    // Waiters wake after the listeners ran, so what a listener records is there when they look.
    synchronized (this) {
      notifyAll();
    }
  }

  private void publish() {
    ChildRun r = run;
    long dropped = droppedLines();
    String health =
        config.healthCheck() == null
            ? ""
            : r == null || r.health == null ? "" : r.health.lastResult();
    snapshot =
        new ChildStatus(
            name,
            state,
            r == null || r.exited ? 0 : r.pid(),
            r == null ? null : r.startedAt,
            tracker.restarts(),
            lastExitCode,
            reason,
            r == null ? "" : r.childStatus,
            health,
            dropped,
            logTrouble());
  }

  private void onLoop(Runnable task) {
    if (loop.isShutdown()) {
      return;
    }
    try {
      loop.execute(() -> guarded(task));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("{}: event after close ignored", name);
    }
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("{}: supervisor event failed: {}", name, e.toString(), e);
    }
  }

  private LogFile openLog(String file) throws IOException {
    var logs = config.logs();
    return new LogFile(
        logDirectory,
        false,
        file,
        logs.maxSize(),
        logs.rotateEvery(),
        logs.keep(),
        logs.gzip(),
        logs.bufferBytes());
  }

  static Map<String, String> buildEnvironment(SupervisorConfig config, ChildPlatform platform) {
    Map<String, String> base = System.getenv();
    Map<String, String> env = new HashMap<>();
    if (config.inheritEnvironment()) {
      env.putAll(base);
    }
    // The child must not talk to our own manager; an outer supervisor's SVC4J_TREE_ tag stays, so
    // that a supervisor nested in another is killed with the outer tree.
    env.keySet().removeIf(MANAGER_VARIABLES::contains);
    platform.completeEnvironment(env);
    // Marks every process of this service across supervisor instances: how leftovers are found.
    env.put(ChildPlatform.SERVICE_VARIABLE, config.name());
    Map<String, String> fromFiles = EnvFiles.read(config.environmentFiles(), null);
    env.putAll(fromFiles);
    Map<String, String> scope = new HashMap<>(base);
    scope.putAll(fromFiles);
    env.putAll(EnvExpander.expandAll(config.environment(), scope, "environment"));
    return Map.copyOf(env);
  }
}
