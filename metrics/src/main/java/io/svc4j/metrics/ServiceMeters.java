package io.svc4j.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.service.ServiceState;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An embedded service's lifecycle as meters: {@code svc4j_service_state{service,state}} (1 for the
 * current state, 0 for the others), {@code svc4j_service_transitions_total{service,from,to}} and
 * how long start, stop and reload took ({@code svc4j_service_start_seconds} ... with an {@code
 * outcome} of ok or failed).
 */
public final class ServiceMeters implements LifecycleListener, MeterBinder {

  /** The phases that are timed: the state they run in, and the meter name. */
  private static final Map<ServiceState, String> TIMED =
      Map.of(
          ServiceState.STARTING, "svc4j.service.start",
          ServiceState.STOPPING, "svc4j.service.stop",
          ServiceState.RELOADING, "svc4j.service.reload");

  private final String service;
  private volatile ServiceState current;
  private volatile long enteredNanos = System.nanoTime();
  private MeterRegistry registry;

  public ServiceMeters(String service) {
    this.service = service;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    for (ServiceState s : ServiceState.values()) {
      Gauge.builder("svc4j.service.state", () -> current == s ? 1 : 0)
          .description("1 for the service's current lifecycle state, 0 for the others")
          .tags("service", service, "state", s.name())
          .register(registry);
    }
  }

  @Override
  public void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
    long now = System.nanoTime();
    long spent = now - enteredNanos;
    enteredNanos = now;
    current = to;
    if (registry == null) {
      return;
    }
    Counter.builder("svc4j.service.transitions")
        .description("Lifecycle state transitions")
        .tags("service", service, "from", from == null ? "NONE" : from.name(), "to", to.name())
        .register(registry)
        .increment();
    String timer = from == null ? null : TIMED.get(from);
    if (timer != null) {
      boolean ok =
          to == ServiceState.RUNNING
              || (from == ServiceState.STOPPING && to == ServiceState.STOPPED);
      Timer.builder(timer)
          .description("How long this lifecycle phase took, by outcome")
          .tags("service", service, "outcome", ok ? "ok" : "failed")
          .register(registry)
          .record(spent, TimeUnit.NANOSECONDS);
    }
  }
}
