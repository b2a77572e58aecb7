package io.svc4j.examples.hello.api;

/** What the health endpoints report, provided by the service. */
public interface Health {
  /** Liveness: false once the service is stuck (or was told to pretend it is). */
  boolean isAlive();

  /** Readiness: true between a completed start and the beginning of stop. */
  boolean isReady();

  /** Debug only: make {@link #isAlive()} false for good, to prove the watchdog restarts us. */
  void hang();
}
