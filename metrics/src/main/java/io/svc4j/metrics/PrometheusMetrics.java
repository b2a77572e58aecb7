package io.svc4j.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A Prometheus registry with what every svc4j process exports: JVM memory, GC, threads and class
 * loading, the standard {@code process_*} set and {@code svc4j_build_info}. Each module then binds
 * its own meters to it.
 */
public final class PrometheusMetrics implements AutoCloseable {

  /** The Prometheus text format (version 0.0.4). */
  public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** OpenMetrics 1.0, sent when the scraper's Accept header asks for it. */
  public static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private PrometheusMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
  }

  /** A new registry for a process that is a {@code component} ("host", "supervisor" ...). */
  public static PrometheusMetrics create(String component) {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JvmGcMetrics gc = bindStandard(registry, component);
    return new PrometheusMetrics(registry, gc);
  }

  /**
   * Binds the JVM, process and build meters to {@code registry}; returns the GC binder, which must
   * be closed with the registry's owner.
   */
  public static JvmGcMetrics bindStandard(MeterRegistry registry, String component) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new ProcessMeters().bindTo(registry);
    new BuildInfo(component).bindTo(registry);
    return gc;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The content type to answer a scraper that sent {@code accept} (may be null). */
  public static String contentType(String accept) {
    return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
  }

  /** Everything, in the format {@link #contentType} chose for {@code accept}. */
  public String scrape(String accept) {
    String type = contentType(accept);
    return type.equals(OPENMETRICS) ? registry.scrape(type) : registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
