package io.svc4j.registry.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.svc4j.registry.api.ServiceList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The registry's meters: instances by service and status, heartbeats, registrations, evictions,
 * eviction lag (from lease expiry to removal) and lease lag (how late the scan loop ran, and how
 * much time was not counted because the registry was paused), and watchers (open event streams and
 * blocking queries waiting for a change).
 */
public final class RegistryMetrics implements MeterBinder {

  private Counter heartbeats;
  private Counter registrations;
  private Counter deregistrations;
  private MeterRegistry registry;
  private DistributionSummary evictionLag;
  private MultiGauge instances;
  private volatile double scanLateness;
  private volatile double pausedSeconds;
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicInteger blockingQueries = new AtomicInteger();

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    heartbeats =
        Counter.builder("svc4j.registry.heartbeats")
            .description("Heartbeats received")
            .register(registry);
    registrations =
        Counter.builder("svc4j.registry.registrations")
            .description("Registrations")
            .register(registry);
    deregistrations =
        Counter.builder("svc4j.registry.deregistrations")
            .description("Deregistrations")
            .register(registry);
    evictionLag =
        DistributionSummary.builder("svc4j.registry.eviction.lag")
            .baseUnit("seconds")
            .description("Time from lease expiry to eviction")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    Gauge.builder("svc4j.registry.lease.lag", () -> scanLateness)
        .baseUnit("seconds")
        .description("How late the last eviction scan ran")
        .register(registry);
    Gauge.builder("svc4j.registry.paused", () -> pausedSeconds)
        .baseUnit("seconds")
        .description("Time not counted toward leases because the registry itself was paused")
        .register(registry);
    Gauge.builder("svc4j.registry.watchers", streams, AtomicInteger::get)
        .description("Clients watching for changes, by kind (event stream, blocking query)")
        .tag("kind", "stream")
        .register(registry);
    Gauge.builder("svc4j.registry.watchers", blockingQueries, AtomicInteger::get)
        .description("Clients watching for changes, by kind (event stream, blocking query)")
        .tag("kind", "blocking_query")
        .register(registry);
    instances =
        MultiGauge.builder("svc4j.registry.instances")
            .description("Registered instances by service and status")
            .register(registry);
  }

  /** One more watcher until the returned handle is closed. */
  public Watching watching(boolean stream) {
    AtomicInteger count = stream ? streams : blockingQueries;
    count.incrementAndGet();
    return count::decrementAndGet;
  }

  /** An open watch; closing it ends its count. */
  public interface Watching extends AutoCloseable {
    @Override
    void close();
  }

  public void heartbeat() {
    if (heartbeats != null) {
      heartbeats.increment();
    }
  }

  public void registered() {
    if (registrations != null) {
      registrations.increment();
    }
  }

  public void deregistered() {
    if (deregistrations != null) {
      deregistrations.increment();
    }
  }

  public void evicted(String service, double lagSeconds) {
    if (registry != null) {
      Counter.builder("svc4j.registry.evictions")
          .description("Instances removed because their lease ran out, by service")
          .tag("service", service)
          .register(registry)
          .increment();
      evictionLag.record(Math.max(0, lagSeconds));
    }
  }

  public void scan(double latenessSeconds, double pausedTotalSeconds) {
    scanLateness = latenessSeconds;
    pausedSeconds = pausedTotalSeconds;
  }

  /** Refreshes the per-service gauges from the store (called before each scrape). */
  public void refresh(Supplier<ServiceList> services) {
    if (instances == null) {
      return;
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    services
        .get()
        .services()
        .forEach(
            s ->
                s.byStatus()
                    .forEach(
                        (status, n) ->
                            rows.add(
                                MultiGauge.Row.of(
                                    Tags.of("service", s.name(), "status", status), n))));
    instances.register(rows, true);
  }
}
