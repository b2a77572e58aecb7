package io.svc4j.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.svc4j.runtime.HostExtension;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Metrics for an embedded service, plugged into the host as a {@link HostExtension}, so core needs
 * no metrics library. Two ways:
 *
 * <ul>
 *   <li>{@code HostOptions.named("api").withExtension(HostMetrics.serve(9464))}: {@code GET
 *       /metrics} on a port of its own (loopback unless an address is given), with the service's
 *       lifecycle meters, JVM, {@code process_*} and {@code svc4j_build_info}; open from start
 *       until the service has stopped.
 *   <li>{@code withExtension(HostMetrics.into(appRegistry))}: the same meters bound to the
 *       application's own Micrometer registry, which it exposes as it already does.
 * </ul>
 *
 * Found with ServiceLoader too: with {@code SVC4J_METRICS_PORT} (or {@code -Dsvc4j.metrics.port})
 * set, and optionally {@code SVC4J_METRICS_BIND}, every hosted service of the process serves its
 * metrics without code changes.
 */
public final class HostMetrics implements HostExtension {

  /** What to do: serve on an address, bind into a registry, or (ServiceLoader) read settings. */
  private sealed interface Mode {}

  private record Serve(InetSocketAddress address) implements Mode {}

  private record Into(MeterRegistry registry) implements Mode {}

  private record FromEnvironment() implements Mode {}

  private final Mode mode;

  /** For ServiceLoader: configured by {@code SVC4J_METRICS_PORT} / {@code SVC4J_METRICS_BIND}. */
  public HostMetrics() {
    this(new FromEnvironment());
  }

  private HostMetrics(Mode mode) {
    this.mode = mode;
  }

  /** Serves {@code /metrics} on {@code 127.0.0.1:port}. */
  public static HostMetrics serve(int port) {
    return serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /** Serves {@code /metrics} on {@code address}. */
  public static HostMetrics serve(InetSocketAddress address) {
    return new HostMetrics(new Serve(Objects.requireNonNull(address, "address")));
  }

  /** Binds the service's, JVM and process meters to the application's {@code registry}. */
  public static HostMetrics into(MeterRegistry registry) {
    return new HostMetrics(new Into(Objects.requireNonNull(registry, "registry")));
  }

  @Override
  public Optional<LifecycleListener> attach(HostOptions options, Service service) {
    return switch (mode) {
      case Into into -> {
        var meters = new ServiceMeters(options.name());
        meters.bindTo(into.registry());
        PrometheusMetrics.bindStandard(into.registry(), "host");
        yield Optional.of(meters);
      }
      case Serve serve -> Optional.of(served(options.name(), serve.address()));
      case FromEnvironment env ->
          fromSettings(System.getenv(), System.getProperties())
              .map(address -> served(options.name(), address));
    };
  }

  private static LifecycleListener served(String name, InetSocketAddress address) {
    PrometheusMetrics metrics = PrometheusMetrics.create("host");
    var meters = new ServiceMeters(name);
    meters.bindTo(metrics.registry());
    MetricsEndpoint endpoint;
    try {
      endpoint = MetricsEndpoint.serve(address, metrics::scrape);
    } catch (IllegalArgumentException e) {
      metrics.close();
      throw e;
    }
    return new LifecycleListener() {
      @Override
      public void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
        meters.stateChanged(from, to, cause);
        if (to.isTerminal()) {
          endpoint.close();
          metrics.close();
        }
      }
    };
  }

  /**
   * The address from {@code SVC4J_METRICS_PORT} and {@code SVC4J_METRICS_BIND} (or the system
   * properties {@code svc4j.metrics.port} / {@code svc4j.metrics.bind}, which win); empty when no
   * port is set.
   *
   * @throws IllegalArgumentException with one line when a value is not valid
   */
  static Optional<InetSocketAddress> fromSettings(Map<String, String> env, Properties props) {
    String port = props.getProperty("svc4j.metrics.port", env.get("SVC4J_METRICS_PORT"));
    if (port == null || port.isBlank()) {
      return Optional.empty();
    }
    String bind = props.getProperty("svc4j.metrics.bind", env.get("SVC4J_METRICS_BIND"));
    int p;
    try {
      p = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException(
          "SVC4J_METRICS_PORT must be a port number from 0 to 65535, got '" + port + "'");
    }
    try {
      InetAddress address =
          bind == null || bind.isBlank()
              ? InetAddress.getLoopbackAddress()
              : InetAddress.getByName(bind.trim());
      return Optional.of(new InetSocketAddress(address, p));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "SVC4J_METRICS_BIND must be an IP address or a resolvable host name, got '" + bind + "'");
    }
  }
}
