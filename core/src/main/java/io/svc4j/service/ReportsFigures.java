package io.svc4j.service;

/**
 * A service that knows its figures better than the host can measure them (the supervisor: its
 * child's process tree, not its own JVM). A registry heartbeat uses them instead of the host
 * process's own.
 */
public interface ReportsFigures {

  /**
   * The figures now.
   *
   * @return status: an upper-case word when the service is not fully serving although its host
   *     state is RUNNING (the supervisor's child in BACKOFF), null for "as the host state says";
   *     cpu: share of the machine, 0.0-1.0, null when unknown; rssBytes: resident memory, null when
   *     unknown
   */
  Figures figures();

  /** One reading; null fields are unknown. */
  record Figures(String status, Double cpu, Long rssBytes) {}
}
