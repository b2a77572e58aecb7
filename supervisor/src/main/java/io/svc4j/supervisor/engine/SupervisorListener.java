package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.policy.ChildEnd;
import io.svc4j.supervisor.policy.Decision;
import java.nio.file.Path;
import java.time.Duration;

/** Observes a supervisor. Called on its event thread: return quickly, never block. */
public interface SupervisorListener {

  /** The child moved between states; {@code reason} says why in one line. */
  default void stateChanged(ChildState from, ChildState to, String reason) {}

  /** The child sent {@code STATUS=} through its notify socket. */
  default void childStatus(String text) {}

  /**
   * A hung JVM child was asked for its thread stacks, which it prints to its stdout: {@code file}
   * is the captured stdout log, or null when output is not captured. Called on the stop thread.
   */
  default void threadDumped(Path file) {}

  /**
   * A run of the child ended ({@code end}: why, exit code) and the restart policy decided {@code
   * decision}; called just before the state change that follows.
   */
  default void childEnded(ChildEnd end, Decision decision) {}

  /** One health check ran: passed or not, and how long its probe took. On the health thread. */
  default void healthChecked(boolean ok, Duration took) {}
}
