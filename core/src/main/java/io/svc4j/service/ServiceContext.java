package io.svc4j.service;

import java.time.Duration;

/** What a running service can tell the host, and through it the service manager. Thread-safe. */
public interface ServiceContext {

  /** The service's name (unit name without suffix, SCM service name, or the console name). */
  String serviceName();

  /** A one-line, human readable status (systemd {@code STATUS=}; shown by {@code svc4j status}). */
  void status(String text);

  /**
   * Asks the manager for more time during a long start or stop (systemd {@code
   * EXTEND_TIMEOUT_USEC}, SCM CheckPoint/WaitHint). Call again before it runs out.
   */
  void extendTimeout(Duration extra);

  /** Asks the host to stop this service, as if a stop had been requested from outside. */
  void requestStop();

  /**
   * Reports that the service broke while running (its server died, a fatal resource is gone). The
   * host stops it and exits non-zero so that the manager's restart policy applies.
   */
  void fail(Throwable cause);

  /** The current lifecycle state. */
  ServiceState state();

  /** How long {@link Service#stop} may take in total before the host gives up and exits. */
  Duration stopDeadline();
}
