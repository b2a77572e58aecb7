package io.svc4j.supervisor.metrics;

import io.svc4j.metrics.MetricsEndpoint;
import io.svc4j.metrics.PrometheusMetrics;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.control.SupervisorCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervisor's Prometheus metrics: its child's meters ({@link SupervisorMeters}) next to the
 * supervisor JVM's own JVM, {@code process_*} and {@code svc4j_build_info}. Always collected;
 * answered through the control channel ({@code svc4j metrics NAME}) and, with a {@code metrics:}
 * section, on an HTTP port.
 */
public final class SupervisorMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SupervisorMetrics.class);

  private final Supervisor supervisor;
  private final PrometheusMetrics prometheus;
  private final SupervisorMeters meters;
  private volatile MetricsEndpoint endpoint;

  private SupervisorMetrics(Supervisor supervisor) {
    this.supervisor = supervisor;
    this.prometheus = PrometheusMetrics.create("supervisor");
    this.meters =
        new SupervisorMeters(
            supervisor.config().name(), supervisor::liveStatus, supervisor.logFiles());
    meters.bindTo(prometheus.registry());
  }

  /** Starts collecting {@code supervisor}'s events (call before it starts its child). */
  public static SupervisorMetrics collect(Supervisor supervisor) {
    var metrics = new SupervisorMetrics(supervisor);
    supervisor.addListener(metrics.meters);
    return metrics;
  }

  /** The exposition, Prometheus text or OpenMetrics as {@code accept} asks (null: text). */
  public String scrape(String accept) {
    meters.refresh();
    return prometheus.scrape(accept);
  }

  /** Counts an operator's command as the cause of the start it leads to. */
  public void operatorRequested(SupervisorCommand command) {
    meters.operatorRequested(command);
  }

  /**
   * Serves {@code /metrics} when the configuration has a {@code metrics:} section; false (after
   * logging one line) when its port cannot be bound.
   */
  public boolean serveConfigured() {
    var settings = supervisor.config().metrics();
    if (settings == null) {
      return true;
    }
    try {
      endpoint = MetricsEndpoint.serve(settings.address(), this::scrape);
      log.info(
          "{}: metrics on http://{}:{}/metrics",
          supervisor.config().name(),
          settings.bind(),
          endpoint.address().getPort());
      return true;
    } catch (IllegalArgumentException e) {
      log.error("{}: metrics.port: {}", supervisor.config().name(), e.getMessage());
      return false;
    }
  }

  /** The address metrics are served on, or null. */
  public java.net.InetSocketAddress address() {
    var e = endpoint;
    return e == null ? null : e.address();
  }

  @Override
  public void close() {
    var e = endpoint;
    if (e != null) {
      e.close();
    }
    prometheus.close();
  }
}
