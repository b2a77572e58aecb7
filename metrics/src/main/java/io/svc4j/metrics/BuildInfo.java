package io.svc4j.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code svc4j_build_info{version, java_version, component} 1}: which svc4j and which Java a
 * scraped process runs (the ecosystem's {@code *_build_info} convention).
 */
public final class BuildInfo implements MeterBinder {

  private final String component;

  /**
   * @param component what this process is: "host", "supervisor", "registry"
   */
  public BuildInfo(String component) {
    this.component = component;
  }

  /** The svc4j version this jar was built as, "unknown" when the build left no record. */
  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      // Micrometer's Prometheus naming drops an "_info" suffix; the client's Info metric keeps it.
      Info info =
          Info.builder()
              .name("svc4j_build_info")
              .help("svc4j version and Java runtime of this process (always 1)")
              .labelNames("version", "java_version", "component")
              .build();
      try {
        prometheus.getPrometheusRegistry().register(info);
      } catch (IllegalStateException alreadyThere) {
        return; // a second service of the same process: one build_info is enough
      }
      info.setLabelValues(version(), Runtime.version().toString(), component);
      return;
    }
    Gauge.builder("svc4j.build.info", () -> 1)
        .description("svc4j version and Java runtime of this process (always 1)")
        .tag("version", version())
        .tag("java_version", Runtime.version().toString())
        .tag("component", component)
        .register(registry);
  }
}
