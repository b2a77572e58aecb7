package io.svc4j.windows.runtime;

import io.svc4j.runtime.LifecycleListener;
import io.svc4j.runtime.Outcome;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.ServiceState;
import io.svc4j.service.SystemEvent;
import io.svc4j.service.SystemEvents;
import io.svc4j.windows.Scm;
import io.svc4j.windows.ScmStates;
import io.svc4j.windows.runtime.StatusSink.ScmReport;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's conversation with the SCM, without native calls: turns the controller's lifecycle
 * into SERVICE_STATUS reports and SCM control codes into controller requests.
 *
 * <p>Pending states (START_PENDING, STOP_PENDING, ...) are re-reported by {@link #heartbeat} with a
 * growing CheckPoint, so that a slow start or stop is seen as progress and not as a hang (error
 * 1053). The WaitHint is the default hint, or the longest extension the service asked for; for
 * STOP_PENDING it is the stop deadline.
 *
 * <p>Heartbeats are a claim of progress, so they go on only while the start is within its start
 * timeout (extended by {@code extendTimeout}, as systemd's EXTEND_TIMEOUT_USEC extends
 * TimeoutStartSec) and the stop within its deadline. Past the start timeout the controller is told
 * ({@link ServiceController#startTimedOut}): START_PENDING turns into STOP_PENDING and then STOPPED
 * with service-specific code {@link io.svc4j.runtime.ExitCodes#START_TIMED_OUT}, a failure the
 * SCM's recovery actions apply to. Past the stop deadline the controller ends the service itself.
 *
 * <p>{@link #handle} never blocks: controller requests run on {@code controls}, and reports are
 * short, synchronized, and never wait for service code.
 */
final class ScmSession implements LifecycleListener {

  private static final Logger log = LoggerFactory.getLogger(ScmSession.class);

  private final ServiceController controller;
  private final StatusSink sink;
  private final Executor controls;
  private final boolean preshutdown;
  private final Duration defaultWaitHint;
  private final Duration startTimeout;
  private final LongSupplier nanoTime;

  private ServiceState state = ServiceState.STARTING;
  private int checkPoint;
  private Duration waitHint;
  private boolean finished;

  /** When the current pending state stops being heartbeated (System.nanoTime scale). */
  private long pendingDeadline;

  private boolean startTimedOut;

  ScmSession(
      ServiceController controller,
      StatusSink sink,
      Executor controls,
      boolean preshutdown,
      Duration defaultWaitHint) {
    this(controller, sink, controls, preshutdown, defaultWaitHint, Duration.ZERO, System::nanoTime);
  }

  /**
   * @param startTimeout how long start() may take before it counts as failed; zero: no limit
   * @param nanoTime the clock (System::nanoTime; a fake one in tests)
   */
  ScmSession(
      ServiceController controller,
      StatusSink sink,
      Executor controls,
      boolean preshutdown,
      Duration defaultWaitHint,
      Duration startTimeout,
      LongSupplier nanoTime) {
    this.controller = controller;
    this.sink = sink;
    this.controls = controls;
    this.preshutdown = preshutdown;
    this.defaultWaitHint = defaultWaitHint;
    this.waitHint = defaultWaitHint;
    this.startTimeout = startTimeout;
    this.nanoTime = nanoTime;
  }

  /** Reports START_PENDING and starts the service. */
  void begin() {
    controller.addListener(this);
    synchronized (this) {
      pendingDeadline = nanoTime.getAsLong() + startTimeout.toNanos();
      report();
    }
    controller.start();
  }

  /**
   * SESSIONCHANGE, POWEREVENT and DEVICEEVENT: decoded at once (their data lives only as long as
   * the handler call), delivered to the service's {@link SystemEvents} on the control thread.
   */
  int systemEvent(int control, Supplier<SystemEvent> decode) {
    var listener = controller.capability(SystemEvents.class);
    if (listener.isEmpty()) {
      return Scm.ERROR_CALL_NOT_IMPLEMENTED;
    }
    SystemEvent event;
    try {
      event = decode.get();
    } catch (RuntimeException e) {
      log.warn("Could not decode SCM control {}: {}", control, e.toString(), e);
      return Scm.NO_ERROR;
    }
    controls.execute(
        () -> {
          try {
            listener.get().systemEvent(event);
          } catch (RuntimeException e) {
            log.warn(
                "The service failed to handle the system event {}: {}",
                event.getClass().getSimpleName(),
                e.toString(),
                e);
          }
        });
    return Scm.NO_ERROR;
  }

  /** The HandlerEx body for every other control: returns the Win32 code for the SCM, at once. */
  int handle(int control) {
    switch (control) {
      case Scm.CONTROL_INTERROGATE -> {
        synchronized (this) {
          if (!finished) {
            reportCurrent();
          }
        }
        return Scm.NO_ERROR;
      }
      case Scm.CONTROL_STOP, Scm.CONTROL_SHUTDOWN -> {
        controls.execute(controller::requestStop);
        return Scm.NO_ERROR;
      }
      case Scm.CONTROL_PRESHUTDOWN -> {
        if (!preshutdown) {
          return Scm.ERROR_CALL_NOT_IMPLEMENTED;
        }
        controls.execute(controller::requestStop);
        return Scm.NO_ERROR;
      }
      case Scm.CONTROL_PAUSE, Scm.CONTROL_CONTINUE -> {
        if (!controller.supportsPause()) {
          return Scm.ERROR_CALL_NOT_IMPLEMENTED;
        }
        boolean pause = control == Scm.CONTROL_PAUSE;
        controls.execute(
            () -> {
              if (!(pause ? controller.requestPause() : controller.requestResume())) {
                log.info(
                    "{} ignored in state {}", pause ? "PAUSE" : "CONTINUE", controller.state());
              }
            });
        return Scm.NO_ERROR;
      }
      case Scm.CONTROL_PARAMCHANGE -> {
        if (!controller.supportsReload()) {
          return Scm.ERROR_CALL_NOT_IMPLEMENTED;
        }
        controls.execute(controller::requestReload);
        return Scm.NO_ERROR;
      }
      default -> {
        log.debug("SCM control {} not handled", control);
        return Scm.ERROR_CALL_NOT_IMPLEMENTED;
      }
    }
  }

  /**
   * Re-reports a pending state with the next CheckPoint, as long as it is within its timeout;
   * nothing otherwise. A start past its timeout is failed instead.
   */
  synchronized void heartbeat() {
    if (finished || !ScmStates.isPending(ScmStates.of(state))) {
      return;
    }
    boolean bounded =
        state == ServiceState.STOPPING || state == ServiceState.STARTING && !startTimeout.isZero();
    if (bounded && nanoTime.getAsLong() - pendingDeadline > 0) {
      if (state == ServiceState.STARTING && !startTimedOut) {
        startTimedOut = true;
        // Not here: the controller's state change calls back into this (synchronized) session.
        controls.execute(() -> controller.startTimedOut(startTimeout));
      }
      return; // no more claims of progress: the SCM (and svc4j start) see the CheckPoint stop
    }
    report();
  }

  @Override
  public synchronized void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
    if (finished || to.isTerminal()) {
      return; // the final STOPPED carries the exit code, reported by finish()
    }
    if (from == null) {
      return; // START_PENDING was reported by begin()
    }
    state = to;
    checkPoint = 0;
    waitHint = to == ServiceState.STOPPING ? controller.options().stopDeadline() : defaultWaitHint;
    if (to == ServiceState.STOPPING) {
      pendingDeadline = nanoTime.getAsLong() + waitHint.toNanos();
    }
    report();
  }

  @Override
  public synchronized void timeoutExtended(Duration extra) {
    if (extra.compareTo(waitHint) > 0) {
      waitHint = extra;
    }
    if (state == ServiceState.STARTING && !startTimedOut) {
      // As systemd's EXTEND_TIMEOUT_USEC: the start may now take until at least now + extra.
      long extended = nanoTime.getAsLong() + extra.toNanos();
      if (extended - pendingDeadline > 0) {
        pendingDeadline = extended;
      }
    }
    heartbeat();
  }

  /** Reports the final STOPPED; a failure carries its exit code as the service-specific code. */
  synchronized void finish(Outcome outcome) {
    if (finished) {
      return;
    }
    finished = true;
    boolean failed = outcome.state() == ServiceState.FAILED || outcome.exitCode() != 0;
    sink.report(
        new ScmReport(
            Scm.STOPPED,
            0,
            failed ? Scm.ERROR_SERVICE_SPECIFIC_ERROR : Scm.NO_ERROR,
            failed ? outcome.exitCode() : 0,
            0,
            0));
  }

  private void report() {
    int scmState = ScmStates.of(state);
    boolean pending = ScmStates.isPending(scmState);
    if (pending) {
      checkPoint++;
    }
    send(scmState, pending);
  }

  private void reportCurrent() {
    int scmState = ScmStates.of(state);
    send(scmState, ScmStates.isPending(scmState));
  }

  private void send(int scmState, boolean pending) {
    int controlsAccepted =
        ScmStates.controlsAccepted(
            state, controller.supportsPause(), controller.supportsReload(), preshutdown);
    if (controlsAccepted != 0 && controller.capability(SystemEvents.class).isPresent()) {
      controlsAccepted |= Scm.ACCEPT_SESSIONCHANGE | Scm.ACCEPT_POWEREVENT;
    }
    sink.report(
        new ScmReport(
            scmState,
            controlsAccepted,
            Scm.NO_ERROR,
            0,
            pending ? checkPoint : 0,
            pending ? (int) Math.min(Integer.MAX_VALUE, waitHint.toMillis()) : 0));
  }
}
