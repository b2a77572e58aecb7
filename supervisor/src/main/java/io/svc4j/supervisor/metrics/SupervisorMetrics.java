package io.svc4j.supervisor.metrics;

import io.svc4j.metrics.MetricsEndpoint;
import io.svc4j.metrics.PrometheusMetrics;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.SupervisorListener;
import io.svc4j.supervisor.logs.LogFile;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

  private final SupervisorConfig config;
  private final PrometheusMetrics prometheus;
  private final SupervisorMeters meters;
  private volatile MetricsEndpoint endpoint;

  private SupervisorMetrics(
      SupervisorConfig config,
      Supplier<SupervisedStatus> liveStatus,
      Map<String, LogFile> logFiles) {
    this.config = config;
    this.prometheus = PrometheusMetrics.create("supervisor");
    this.meters = new SupervisorMeters(config.name(), liveStatus, logFiles);
    meters.bindTo(prometheus.registry());
  }

  /**
   * Starts collecting a supervisor's events (call before it starts its child): its config, its live
   * status, its open log files, and where its listeners are added. Takes these rather than the
   * supervisor, so that this package does not depend on the one that uses it.
   */
  public static SupervisorMetrics collect(
      SupervisorConfig config,
      Supplier<SupervisedStatus> liveStatus,
      Map<String, LogFile> logFiles,
      Consumer<SupervisorListener> addListener) {
    var metrics = new SupervisorMetrics(config, liveStatus, logFiles);
    addListener.accept(metrics.meters);
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
    var settings = config.metrics();
    if (settings == null) {
      return true;
    }
    try {
      endpoint = MetricsEndpoint.serve(settings.address(), this::scrape);
      log.info(
          "{}: metrics on http://{}:{}/metrics",
          config.name(),
          settings.bind(),
          endpoint.address().getPort());
      return true;
    } catch (IllegalArgumentException e) {
      log.error("{}: metrics.port: {}", config.name(), e.getMessage());
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
