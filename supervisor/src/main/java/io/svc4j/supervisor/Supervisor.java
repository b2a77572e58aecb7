package io.svc4j.supervisor;

import io.svc4j.runtime.HostOptions;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlPaths;
import io.svc4j.supervisor.control.ControlServer;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.engine.CapturedLogs;
import io.svc4j.supervisor.engine.ChildEngine;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.ChildStatus;
import io.svc4j.supervisor.engine.EngineChecks;
import io.svc4j.supervisor.engine.EngineParts;
import io.svc4j.supervisor.engine.HealthWatch;
import io.svc4j.supervisor.engine.SupervisorListener;
import io.svc4j.supervisor.engine.ThreadEventLoop;
import io.svc4j.supervisor.logs.LogFile;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import io.svc4j.supervisor.metrics.SupervisorMetrics;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.ChildPlatforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child program and keeps it running according to its {@link SupervisorConfig}: restart
 * policy, readiness (uptime, sd_notify READY, health), watchdog, health checks, log capture, and a
 * stop of its whole process tree. States: {@link ChildState}.
 *
 * <p>This class is the hosted facade: it builds the parts (the OS layer found by {@link
 * ChildPlatforms}, the captured logs, the runtime directory, the threads), hands them to the {@link
 * ChildEngine} (the state machine), serves the control channel, remembers operator stops, and is a
 * {@link Service}, so core's ServiceHost can host it under systemd or the SCM: {@code start}
 * returns (and the host reports READY) only once the child is ready; {@code stop} stops the whole
 * tree gracefully. When the child ends for good, the hosted supervisor ends too: cleanly (exit 0)
 * for a clean end, as failed (non-zero, so the outer manager's recovery applies) for FATAL or a
 * failed end.
 */
public final class Supervisor
    implements Service, Reloadable, AutoCloseable, io.svc4j.service.ReportsFigures {

  private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

  private volatile SupervisorConfig config; // replaced by a re-read (ConfigReread)
  private volatile ConfigReread reread; // null: the file is not re-read
  private final String name;
  private final ChildPlatform platform;
  private final CapturedLogs logs; // null without log capture
  private final Path runtimeDir;
  private final ThreadEventLoop loop;
  private final ExecutorService hookThread;
  private final ExecutorService scanThread; // /proc scans, apart from the event thread
  private final ChildEngine engine;
  private final CpuShare cpu = new CpuShare();
  private volatile boolean closed;
  private volatile ControlServer control;
  private volatile OperatorStops operatorStops;
  private final SupervisorMetrics metrics;
  private final ChildPause pause;

  private Supervisor(SupervisorConfig config, ChildPlatform platform) {
    this.config = config;
    this.name = config.name();
    this.platform = platform;
    // SupervisorCheck refuses what this constructor refuses, without creating anything (install,
    // --dry-run): a new refusal here belongs there too.
    Map<String, String> environment = EngineChecks.check(config, platform);
    this.operatorStops =
        new OperatorStops(platform, ControlPaths.stateDirectory(), name, config.restart().mode());
    this.logs =
        config.logs() == null
            ? null
            : CapturedLogs.open(config.logs(), name, config.runAs(), platform);
    try { // for the notify endpoints
      this.runtimeDir = platform.createRuntimeDirectory();
    } catch (UnsafeDirectoryException e) {
      closeLogs();
      throw new ConfigException("java.io.tmpdir", e.getMessage());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a runtime directory: " + e.getMessage(), e);
    }
    this.loop = new ThreadEventLoop(name);
    this.hookThread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("svc4j-stopper-" + name).factory());
    this.scanThread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("svc4j-scan-" + name).factory());
    var parts =
        new EngineParts(
            platform,
            loop,
            hookThread,
            task -> Thread.ofPlatform().daemon().name("svc4j-post-start-" + name).start(task),
            scanThread,
            HealthWatch.monitor(),
            Math::random);
    this.engine = new ChildEngine(config, parts, environment, logs, runtimeDir);
    this.pause = new ChildPause(platform, this::config, engine::liveChild, this::status);
    engine.addListener(pause);
    this.metrics =
        SupervisorMetrics.collect(config, this::liveStatus, logFiles(), this::addListener);
  }

  /** This supervisor's meters (served by the control channel, and on a port when configured). */
  public SupervisorMetrics metrics() {
    return metrics;
  }

  /** The open log files by stream ("stdout", "stderr", or "output" when merged); empty if none. */
  public Map<String, LogFile> logFiles() {
    return logs == null ? Map.of() : logs.byStream();
  }

  /**
   * A supervisor for {@code config}. Validates what can be checked before anything starts (the
   * program is found, the working directory exists, environment references resolve, the log
   * directory is writable) and throws {@link ConfigException} naming the setting otherwise.
   */
  public static Supervisor of(SupervisorConfig config) {
    return new Supervisor(config, ChildPlatforms.forThisHost(config));
  }

  /** A supervisor on {@code platform}: for tests that slow the OS layer down (a hanging scan). */
  static Supervisor on(SupervisorConfig config, ChildPlatform platform) {
    return new Supervisor(config, platform);
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
    HostOptions options = HostOptions.named(name).withStopDeadline(stopBudget());
    if (reread != null && config.reloadOnChange()) { // core's file watch asks for the reload
      options =
          options.withReloadOnChange(
              io.svc4j.runtime.ReloadOnChange.DEFAULT_DEBOUNCE, java.util.List.of(reread.file()));
    }
    return options;
  }

  /**
   * Re-reads {@code file} at each reload ({@link ConfigReread}), and when it changes if its {@code
   * reload-on-change} is true. {@code reader} makes a configuration from it as this one was made.
   * Call before start.
   */
  public Supervisor rereading(Path file, java.util.function.Supplier<SupervisorConfig> reader) {
    this.reread = new ConfigReread(name, file, reader, platform, logs);
    return this;
  }

  /** Runs on {@code next} from now on (the engine first, so that both agree once this returns). */
  void adoptConfig(SupervisorConfig next) throws Exception {
    engine.adopt(next).get(10, TimeUnit.SECONDS);
    this.config = next;
  }

  /** Stop timeout, plus the pre-stop and post-stop hooks if any, plus the SIGKILL round. */
  Duration stopBudget() {
    return StopBudget.of(config);
  }

  public void addListener(SupervisorListener listener) {
    engine.addListener(listener);
  }

  /** Whether the child's last end counts as a failure for the outer manager. */
  boolean endedFailed() {
    return engine.endedFailed();
  }

  /** The latest snapshot; safe from any thread. */
  public ChildStatus status() {
    return engine.status();
  }

  // ---------------------------------------------------------------- public control

  /** Starts the child if none runs (from STOPPED, EXITED or FATAL); returns at once. */
  public void startChild() {
    engine.start();
  }

  /**
   * Stops the child and its whole tree; the future completes with the final state once no process
   * of the tree is left.
   */
  public CompletableFuture<ChildState> stopChild() {
    if (loop.isShutdown()) {
      return CompletableFuture.completedFuture(status().state()); // closed: nothing runs
    }
    return engine.stop();
  }

  /** Waits until the child is RUNNING (true) or has ended for good (false). */
  public boolean awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
    return engine.awaitReady(timeout);
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

  /**
   * Stops the child, then starts it again; completes once the new run has begun, so that a wait for
   * readiness after it sees the new run, not the stopped one's final state.
   */
  public CompletableFuture<ChildState> restartChild() {
    if (loop.isShutdown()) {
      return CompletableFuture.completedFuture(status().state()); // closed: nothing runs
    }
    return engine.restart();
  }

  /**
   * For a registry heartbeat: the child's state when it is not RUNNING (BACKOFF, STARTING, ...),
   * PAUSED while an operator paused it (a stopped process serves nobody), and the memory and CPU
   * share of the child's process tree, not of this JVM.
   */
  @Override
  public io.svc4j.service.ReportsFigures.Figures figures() {
    ChildStatus s = status();
    String state =
        s.state() != ChildState.RUNNING
            ? s.state().name()
            : Boolean.TRUE.equals(pause.pausedOrNull()) ? "PAUSED" : null;
    Process child = engine.liveChild();
    if (s.pid() <= 0 || child == null) {
      return new io.svc4j.service.ReportsFigures.Figures(state, null, null);
    }
    ChildPlatform.TreeUsage usage = platform.usage(child);
    Double share = cpu.next(s.pid(), usage, System.nanoTime());
    return new io.svc4j.service.ReportsFigures.Figures(
        state, share, usage.residentBytes() > 0 ? usage.residentBytes() : null);
  }

  /** Live state for {@code svc4j status}: the snapshot plus the tree's memory and CPU now. */
  public SupervisedStatus liveStatus() {
    ChildStatus s = status();
    Process child = engine.liveChild();
    return StatusReport.of(
        s,
        s.pid() > 0 && child != null ? platform.usage(child) : null,
        config,
        reread == null ? null : reread.generation(),
        pause.pausedOrNull());
  }

  /** Pause and resume of the child's tree ({@link ChildPause}). */
  ChildPause pause() {
    return pause;
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
    engine.release();
    loop.shutdown();
    hookThread.shutdown();
    // A scan blocked on a /proc read must not hold up the close: nothing waits for its result.
    scanThread.shutdownNow();
    try {
      loop.awaitTermination(Duration.ofSeconds(10));
      // A post-stop hook may still run there.
      hookThread.awaitTermination(
          config.hooks().timeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
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
    if (logs != null) {
      logs.close();
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
        String why = status().reason();
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
    return loop.answers(Duration.ofSeconds(5));
  }

  /** Whether a reload can reach the child here: Windows has no signals, only a restart. */
  @Override
  public boolean canReload() {
    return config.reload().restart() || platform.hasSignals();
  }

  /**
   * Re-reads the configuration file first, if one is named ({@link ConfigReread}); when it is
   * unchanged (or none is), forwards the reload to the child as configured ({@link ChildReload}).
   */
  @Override
  public void reload(ServiceContext context) throws Exception {
    reload();
  }

  /**
   * {@code reload-on-change: true}: a save of the configuration file re-reads it and does nothing
   * more. An unchanged file (a touch, or a save an operator's reload already applied) is no reload
   * of the child: only an operator's reload goes on to the child.
   */
  @Override
  public void reloadForChangedFiles(ServiceContext context) throws Exception {
    if (reread != null) {
      reread.reload(this);
    }
  }

  /** The reload, from the service manager or the control channel alike. */
  void reload() throws Exception {
    if (reread != null && reread.reload(this)) {
      return;
    }
    ChildReload.perform(this, config.reload());
  }

  /**
   * Sends {@code signal} to the running child's main process for a reload. With {@code awaitReady}
   * the future completes at the child's next READY=1, else once the signal is delivered; it fails
   * when the child is not RUNNING or ends first.
   */
  CompletableFuture<Void> signalForReload(int signal, boolean awaitReady) {
    return engine.signalForReload(signal, awaitReady);
  }

  /** The child ended for good in a way the outer manager should treat as a failure. */
  public static final class ChildFailedException extends io.svc4j.service.ServiceOutcomeException {
    public ChildFailedException(String message) {
      super(message);
    }
  }
}
