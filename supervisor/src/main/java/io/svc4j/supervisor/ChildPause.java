package io.svc4j.supervisor;

import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.ChildStatus;
import io.svc4j.supervisor.engine.SupervisorListener;
import io.svc4j.supervisor.os.ChildPlatform;
import java.util.function.Supplier;

/**
 * Pause and resume of the running child's whole tree, for an operator (the control channel's {@code
 * pause} and {@code resume}): SIGSTOP to every process of the tree, then SIGCONT. The child is not
 * told and cannot refuse; it keeps its sockets and memory, and its clients wait.
 *
 * <p>Not offered ({@link #refusal} says why) where a paused child would be taken for a hung one and
 * restarted: with a health check or a watchdog; nor on Windows, which has no signals. A paused
 * child that is stopped for any reason (an operator, a schedule, the service manager) is continued
 * first, so that it can run its graceful stop: the engine's stop sequence sends SIGCONT to the tree
 * before anything else (on its stop thread: it takes a scan of /proc, which the event thread, where
 * {@link #stateChanged} runs, never waits on).
 *
 * <p>States: not paused (pausedPid 0) → paused (pausedPid = the child's pid) → not paused, by
 * {@link #resume} or by the child leaving RUNNING. A new child is never paused: the pid differs.
 *
 * <p>A pause racing a move out of RUNNING: the engine publishes the new state before it queues the
 * stop sequence, so the pause reads the state again after its SIGSTOP. Still RUNNING: the stop
 * sequence, queued later, continues the tree after this SIGSTOP. Not RUNNING: the stop's SIGCONT
 * may have come first, so the pause continues the tree itself and is refused. (Without that, a
 * pause that read RUNNING could stop a tree already being stopped, after its SIGCONT: the graceful
 * stop then waited for the stop timeout and ended in SIGKILL.)
 */
final class ChildPause implements SupervisorListener {

  private static final int SIGSTOP = 19;
  private static final int SIGCONT = 18;

  private final ChildPlatform platform;
  private final Supplier<SupervisorConfig> config;
  private final Supplier<Process> child;
  private final Supplier<ChildStatus> status;
  private volatile long pausedPid; // 0: not paused

  ChildPause(
      ChildPlatform platform,
      Supplier<SupervisorConfig> config,
      Supplier<Process> child,
      Supplier<ChildStatus> status) {
    this.platform = platform;
    this.config = config;
    this.child = child;
    this.status = status;
  }

  /** Why this child cannot be paused, or null when it can. */
  String refusal() {
    SupervisorConfig c = config.get();
    if (!platform.hasSignals()) {
      return "this OS has no SIGSTOP/SIGCONT to pause a process tree with";
    }
    if (c.healthCheck() != null) {
      return "it has a health check, which a paused child would fail (it would be restarted)";
    }
    if (c.readiness().watchdog() != null) {
      return "it has a watchdog, which a paused child would miss (it would be restarted)";
    }
    return null;
  }

  /** For the status: true or false when the child can be paused, null when it cannot. */
  Boolean pausedOrNull() {
    if (refusal() != null) {
      return null;
    }
    return pausedPid != 0 && pausedPid == status.get().pid();
  }

  /**
   * Stops every process of the running child's tree.
   *
   * @return what was done, in a few words
   * @throws IllegalStateException with one line when it cannot be done
   */
  synchronized String pause() {
    String refusal = refusal();
    if (refusal != null) {
      throw new IllegalStateException("cannot pause " + config.get().name() + ": " + refusal);
    }
    // Read under the lock, after the engine published it: see the class comment.
    ChildState state = status.get().state();
    Process running = child.get();
    if (state != ChildState.RUNNING || running == null) {
      throw new IllegalStateException(
          "cannot pause " + config.get().name() + ": it is " + state + ", not RUNNING");
    }
    if (pausedPid == running.pid()) {
      return "already paused";
    }
    // Recorded before the re-check: a move out of RUNNING after the re-check clears it.
    pausedPid = running.pid();
    boolean reached = platform.signalTree(running, SIGSTOP);
    ChildState after = status.get().state();
    if (after != ChildState.RUNNING || child.get() != running) {
      pausedPid = 0;
      platform.signalTree(running, SIGCONT); // the stop's own SIGCONT may have come before ours
      throw new IllegalStateException(
          "cannot pause " + config.get().name() + ": it is " + after + ", not RUNNING");
    }
    if (!reached) {
      pausedPid = 0;
      throw new IllegalStateException("cannot pause " + config.get().name() + ": no process left");
    }
    return "paused";
  }

  /**
   * Continues every process of the running child's tree, whether or not a pause is recorded: a
   * stopped process that nothing records (a pause whose SIGSTOP landed although it reported no
   * process, a member that stopped itself, an operator's own kill -STOP) must not outlive the
   * operator's resume. SIGCONT does nothing to a process that runs.
   *
   * @return what was done, in a few words
   */
  synchronized String resume() {
    Process running = child.get();
    boolean recorded = pausedPid != 0 && running != null && pausedPid == running.pid();
    pausedPid = 0;
    if (running != null) {
      platform.signalTree(running, SIGCONT);
    }
    return recorded ? "resumed" : "not paused";
  }

  /**
   * On the event thread: no signal and no lock here (a pause may be waiting on a /proc read). The
   * stop sequence continues the tree; a pause in flight sees the new state and undoes itself.
   */
  @Override
  public void stateChanged(ChildState from, ChildState to, String reason) {
    if (from == ChildState.RUNNING && to != ChildState.RUNNING) {
      pausedPid = 0;
    }
  }
}
