package io.svc4j.runtime;

import io.svc4j.service.Pausable;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceOutcomeException;
import io.svc4j.service.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link Service} through the {@link ServiceState} machine.
 *
 * <p>Service code (start, stop, pause, resume, reload) runs on one lifecycle thread, in order.
 * Requests arrive from any thread (signal handlers, the SCM control handler) and never wait for
 * service code: they change the state, queue the work and return. That is what lets a stop reach a
 * service whose start is still running, and what keeps an SCM control handler responsive.
 */
public final class ServiceController {

  private static final Logger log = LoggerFactory.getLogger(ServiceController.class);

  private final Service service;
  private final HostOptions options;
  private final List<LifecycleListener> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Outcome> termination = new CompletableFuture<>();
  private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(daemon("lifecycle"));
  private final ExecutorService liveness = Executors.newSingleThreadExecutor(daemon("liveness"));
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(daemon("timer"));
  private final Context context = new Context();

  private final Object lock = new Object();
  private ServiceState state;
  private Thread startThread;
  private Throwable runtimeFailure;
  private int runtimeFailureCode = ExitCodes.RUNTIME_FAILED;
  private Future<Boolean> pendingProbe;
  private volatile String statusText = "";

  /** Notes of listeners ({@link StatusNotes}) shown after the service's own text, by source. */
  private final java.util.Map<String, String> notes =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  public ServiceController(Service service, HostOptions options) {
    this.service = Objects.requireNonNull(service, "service");
    this.options = Objects.requireNonNull(options, "options");
  }

  public HostOptions options() {
    return options;
  }

  public void addListener(LifecycleListener listener) {
    listeners.add(listener);
    listener.attached(this::note);
  }

  public ServiceState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** The status line: the service's own text, then the listeners' notes. */
  public String statusText() {
    String own = statusText;
    if (notes.isEmpty()) {
      return own;
    }
    String extra = String.join("; ", notes.values());
    return own.isEmpty() ? extra : own + "; " + extra;
  }

  private void note(String source, String text) {
    boolean changed;
    if (text == null || text.isBlank()) {
      changed = notes.remove(source) != null;
    } else {
      String line = text.replace('\n', ' ').replace('\r', ' ');
      changed = !line.equals(notes.put(source, line));
    }
    if (changed) {
      String line = statusText();
      fire(l -> l.statusChanged(line));
    }
  }

  public boolean supportsPause() {
    return service instanceof Pausable;
  }

  public boolean supportsReload() {
    return service instanceof Reloadable reloadable && reloadable.canReload();
  }

  /**
   * The service as {@code type} if it implements it: how a platform finds platform-specific
   * capabilities of the service (e.g. Windows session and power events).
   */
  public <T> java.util.Optional<T> capability(Class<T> type) {
    return type.isInstance(service)
        ? java.util.Optional.of(type.cast(service))
        : java.util.Optional.empty();
  }

  /** Starts the service asynchronously. Can be called once. */
  public void start() {
    synchronized (lock) {
      if (state != null) {
        throw new IllegalStateException("service " + options.name() + " was already started");
      }
      state = ServiceState.STARTING;
    }
    fire(l -> l.stateChanged(null, ServiceState.STARTING, null));
    lifecycle.execute(this::runStart);
  }

  private void runStart() {
    synchronized (lock) {
      if (state != ServiceState.STARTING) {
        return; // stopped before start began
      }
      startThread = Thread.currentThread();
    }
    try {
      service.start(context);
      clearStartThread();
      move(ServiceState.STARTING, ServiceState.RUNNING, null);
    } catch (Throwable t) {
      clearStartThread();
      if (state() == ServiceState.STOPPING) {
        log.info("Start of {} was cancelled by a stop request ({})", options.name(), t.toString());
      } else {
        logFailure("failed to start", t);
        if (move(ServiceState.STARTING, ServiceState.FAILED, t)) {
          finish(new Outcome(ServiceState.FAILED, ExitCodes.START_FAILED, t));
        }
      }
    }
  }

  /**
   * An expected outcome ({@link ServiceOutcomeException}) is one line, its trace only at debug
   * level; anything else is a defect and keeps its stack trace.
   */
  private void logFailure(String what, Throwable t) {
    if (t instanceof ServiceOutcomeException) {
      log.error("Service {} {}: {}", options.name(), what, t.getMessage());
      log.debug("Where {} {}", options.name(), what, t);
    } else {
      log.error("Service {} {}: {}", options.name(), what, t.toString(), t);
    }
  }

  private void clearStartThread() {
    synchronized (lock) {
      startThread = null;
      Thread.interrupted(); // an interrupt meant for start() must not leak into later work
    }
  }

  /**
   * Requests a graceful stop. Returns false if the service is already stopping or has ended. From
   * now on the stop deadline runs: past it, {@link #awaitTermination} returns {@link
   * ExitCodes#STOP_DEADLINE_EXCEEDED}.
   */
  public boolean requestStop() {
    ServiceState from;
    synchronized (lock) {
      if (state == null || state.isTerminal() || state == ServiceState.STOPPING) {
        return false;
      }
      from = state;
      state = ServiceState.STOPPING;
      if (startThread != null) {
        startThread.interrupt();
      }
    }
    fire(l -> l.stateChanged(from, ServiceState.STOPPING, null));
    timers.schedule(
        this::stopDeadlinePassed, options.stopDeadline().toMillis(), TimeUnit.MILLISECONDS);
    lifecycle.execute(this::runStop);
    return true;
  }

  /**
   * The platform's start timeout has passed while start() is still running: the start counts as
   * failed ({@link ExitCodes#START_TIMED_OUT}), start() is interrupted and stop() runs, exactly as
   * for a stop request, bounded by the stop deadline. Returns false if the service is no longer
   * starting (it became ready, or is already stopping).
   */
  public boolean startTimedOut(Duration timeout) {
    var cause =
        new TimeoutException(
            "service "
                + options.name()
                + " did not start within its start timeout of "
                + seconds(timeout));
    synchronized (lock) {
      if (state != ServiceState.STARTING) {
        return false;
      }
      runtimeFailure = cause;
      runtimeFailureCode = ExitCodes.START_TIMED_OUT;
    }
    log.error("{}; stopping it (exit code {})", cause.getMessage(), ExitCodes.START_TIMED_OUT);
    return requestStop();
  }

  private void runStop() {
    try {
      service.stop(context);
      Throwable failure;
      synchronized (lock) {
        failure = runtimeFailure;
      }
      if (failure == null) {
        if (move(ServiceState.STOPPING, ServiceState.STOPPED, null)) {
          finish(new Outcome(ServiceState.STOPPED, ExitCodes.OK, null));
        }
      } else if (move(ServiceState.STOPPING, ServiceState.FAILED, failure)) {
        int code;
        synchronized (lock) {
          code = runtimeFailureCode;
        }
        finish(new Outcome(ServiceState.FAILED, code, failure));
      }
    } catch (Throwable t) {
      logQuietly(() -> log.error("Service {} failed while stopping: {}", options.name(), t, t));
      if (move(ServiceState.STOPPING, ServiceState.FAILED, t)) {
        finish(new Outcome(ServiceState.FAILED, ExitCodes.RUNTIME_FAILED, t));
      }
    }
  }

  private void stopDeadlinePassed() {
    if (termination.isDone()) {
      return;
    }
    var cause =
        new TimeoutException(
            "service "
                + options.name()
                + " did not stop within its stop deadline of "
                + options.stopDeadline().toMillis()
                + " ms");
    log.error("{}; exiting with code {}", cause.getMessage(), ExitCodes.STOP_DEADLINE_EXCEEDED);
    ServiceState from;
    synchronized (lock) {
      from = state;
      state = ServiceState.FAILED;
    }
    fire(l -> l.stateChanged(from, ServiceState.FAILED, cause));
    finish(new Outcome(ServiceState.FAILED, ExitCodes.STOP_DEADLINE_EXCEEDED, cause));
  }

  /** Requests a pause. Returns false if the service cannot pause or is not running. */
  public boolean requestPause() {
    if (!(service instanceof Pausable pausable)) {
      return false;
    }
    if (!move(ServiceState.RUNNING, ServiceState.PAUSING, null)) {
      return false;
    }
    lifecycle.execute(
        () -> {
          try {
            pausable.pause(context);
            move(ServiceState.PAUSING, ServiceState.PAUSED, null);
          } catch (Throwable t) {
            log.error("Pause of {} failed, it keeps running: {}", options.name(), t.toString(), t);
            move(ServiceState.PAUSING, ServiceState.RUNNING, null);
          }
        });
    return true;
  }

  /** Requests that a paused service continues. Returns false if it is not paused. */
  public boolean requestResume() {
    if (!(service instanceof Pausable pausable)) {
      return false;
    }
    if (!move(ServiceState.PAUSED, ServiceState.RESUMING, null)) {
      return false;
    }
    lifecycle.execute(
        () -> {
          try {
            pausable.resume(context);
            move(ServiceState.RESUMING, ServiceState.RUNNING, null);
          } catch (Throwable t) {
            log.error("Resume of {} failed, it stays paused: {}", options.name(), t.toString(), t);
            move(ServiceState.RESUMING, ServiceState.PAUSED, null);
          }
        });
    return true;
  }

  /** Requests a reload. Returns false if the service cannot reload or is not running. */
  public boolean requestReload() {
    return requestReload(Reloadable::reload);
  }

  /**
   * Requests the reload for a change of the files in {@link HostOptions#reloadOnChange} ({@link
   * Reloadable#reloadForChangedFiles}). Returns false if the service cannot reload or is not
   * running.
   */
  public boolean requestReloadForChangedFiles() {
    return requestReload(Reloadable::reloadForChangedFiles);
  }

  /** How the reload reaches the service: an operator's, or one for changed files. */
  private interface ReloadCall {
    void perform(Reloadable service, ServiceContext context) throws Exception;
  }

  private boolean requestReload(ReloadCall call) {
    if (!(service instanceof Reloadable reloadable) || !reloadable.canReload()) {
      return false;
    }
    if (!move(ServiceState.RUNNING, ServiceState.RELOADING, null)) {
      return false;
    }
    lifecycle.execute(
        () -> {
          try {
            call.perform(reloadable, context);
          } catch (ServiceOutcomeException t) {
            // e.g. a supervised child that did not report READY=1 in time: one line.
            log.error(
                "Reload of {} failed, the previous configuration stays: {}",
                options.name(),
                t.getMessage());
            log.debug("Where the reload of {} failed", options.name(), t);
          } catch (Throwable t) {
            log.error(
                "Reload of {} failed, the previous configuration stays: {}",
                options.name(),
                t.toString(),
                t);
          }
          move(ServiceState.RELOADING, ServiceState.RUNNING, null);
        });
    return true;
  }

  /**
   * Asks the service whether it is alive, waiting at most the liveness timeout. A probe that is
   * still blocked from an earlier call counts as not alive: a stuck service stays stuck until it
   * answers again. Outside the running states the answer is true: start and stop have their own
   * timeouts.
   */
  public boolean probeAlive() {
    ServiceState now = state();
    if (now != ServiceState.RUNNING
        && now != ServiceState.PAUSED
        && now != ServiceState.PAUSING
        && now != ServiceState.RESUMING
        && now != ServiceState.RELOADING) {
      return true;
    }
    Future<Boolean> probe;
    synchronized (lock) {
      if (pendingProbe == null || pendingProbe.isDone()) {
        pendingProbe = liveness.submit(service::isAlive);
      }
      probe = pendingProbe;
    }
    try {
      return probe.get(options.livenessTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** Waits until the service has ended, or its stop deadline has passed. */
  public Outcome awaitTermination() throws InterruptedException {
    try {
      return termination.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The termination as a future, for platforms that wait asynchronously. */
  public CompletableFuture<Outcome> termination() {
    return termination;
  }

  /** Context handed to the service; forwards to the listeners. */
  public ServiceContext context() {
    return context;
  }

  private boolean move(ServiceState from, ServiceState to, Throwable cause) {
    synchronized (lock) {
      if (state != from || !from.canMoveTo(to)) {
        return false;
      }
      state = to;
    }
    fire(l -> l.stateChanged(from, to, cause));
    return true;
  }

  private void finish(Outcome outcome) {
    if (termination.complete(outcome)) {
      timers.shutdownNow();
      liveness.shutdownNow();
      lifecycle.shutdown();
    }
  }

  private void fire(java.util.function.Consumer<LifecycleListener> event) {
    for (LifecycleListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("Lifecycle listener {} failed: {}", listener, e.toString(), e);
      }
    }
  }

  /**
   * Logging must not keep a failing service from ending: when the failure is a broken class path
   * (the jar was replaced under a running service) logging itself may throw.
   */
  private static void logQuietly(Runnable logging) {
    try {
      logging.run();
    } catch (Throwable ignored) {
      // the outcome still reaches the platform and the exit code
    }
  }

  /** "90 s", or "1500 ms" when not whole seconds: for one-line messages, not record text. */
  public static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static ThreadFactory daemon(String role) {
    return Thread.ofPlatform().daemon().name("svc4j-" + role).factory();
  }

  private final class Context implements ServiceContext {
    @Override
    public String serviceName() {
      return options.name();
    }

    @Override
    public void status(String text) {
      String line = text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
      statusText = line;
      String shown = statusText();
      fire(l -> l.statusChanged(shown));
    }

    @Override
    public void extendTimeout(Duration extra) {
      if (extra.isNegative() || extra.isZero()) {
        throw new IllegalArgumentException("extension must be positive, got " + extra);
      }
      fire(l -> l.timeoutExtended(extra));
    }

    @Override
    public void requestStop() {
      ServiceController.this.requestStop();
    }

    @Override
    public void fail(Throwable cause) {
      synchronized (lock) {
        if (runtimeFailure != null || state == null || state.isTerminal()) {
          return;
        }
        runtimeFailure = cause;
      }
      logFailure("failed while running", cause);
      ServiceController.this.requestStop();
    }

    @Override
    public ServiceState state() {
      return ServiceController.this.state();
    }

    @Override
    public Duration stopDeadline() {
      return options.stopDeadline();
    }
  }
}
