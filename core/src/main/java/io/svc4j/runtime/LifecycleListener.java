package io.svc4j.runtime;

import io.svc4j.service.ServiceState;
import java.time.Duration;

/**
 * Receives what a hosted service reports. Platforms translate it for their manager (sd_notify, SCM
 * status). Called on the thread that caused the event; implementations must not block.
 */
public interface LifecycleListener {

  /** A transition happened. {@code cause} is set when {@code to} is FAILED. */
  default void stateChanged(ServiceState from, ServiceState to, Throwable cause) {}

  /** The service set a new one-line status text. */
  default void statusChanged(String text) {}

  /** The service asked for more time for the current start or stop. */
  default void timeoutExtended(Duration extra) {}

  /**
   * The listener was added to a host; {@code notes} lets it add a note to the service's status line
   * later (from any thread).
   */
  default void attached(StatusNotes notes) {}
}
