package io.svc4j.supervisor;

import java.nio.file.Path;

/** Observes a supervisor. Called on its event thread: return quickly, never block. */
public interface SupervisorListener {

  /** The child moved between states; {@code reason} says why in one line. */
  default void stateChanged(ChildState from, ChildState to, String reason) {}

  /** The child sent {@code STATUS=} through its notify socket. */
  default void childStatus(String text) {}

  /** A thread dump of a hung JVM child was written. */
  default void threadDumped(Path file) {}
}
