package io.svc4j.console.registry;

import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.ServiceSummary;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.client.RegistryException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's services and instances as the console shows them. The list is read again whenever
 * the registry's event stream ({@code GET /v1/events}) reports a change (register, status, evict,
 * deregister), and at least every {@link #POLL} besides, because a heartbeat that changes nothing
 * but the time is not an event and the page shows each instance's heartbeat age. What the registry
 * no longer lists (evicted, deregistered) is gone from the next reading: nothing is kept from an
 * earlier one.
 */
public final class RegistryView implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryView.class);

  /** The longest time between two readings. */
  public static final Duration POLL = Duration.ofSeconds(2);

  /** At most this many instances are shown (the registry's own limit is far higher). */
  static final int MAX_INSTANCES = 2000;

  /** One instance as the page shows it; no metadata (it may hold anything) and no status text. */
  public record Row(
      String service,
      String id,
      String address,
      int port,
      String status,
      long heartbeatAgeSeconds,
      int heartbeatSeconds,
      int ttlSeconds,
      boolean evictionHeld,
      Long rssBytes,
      Double cpu) {}

  /**
   * What {@code /api/registry} answers.
   *
   * @param configured false when the console has no registry (the page shows no registry section)
   * @param registry where it is (scheme, host and port only)
   * @param problem why the last reading failed, null when it did not
   * @param readSecondsAgo how old the reading is
   * @param truncated whether more than {@link #MAX_INSTANCES} instances were left out
   */
  public record Snapshot(
      boolean configured,
      String registry,
      String problem,
      Long readSecondsAgo,
      List<Row> instances,
      boolean truncated) {}

  private record Reading(Instant at, List<Instance> instances, boolean truncated) {}

  private final RegistryClient client;
  private final Semaphore changed = new Semaphore(0);
  private volatile boolean open = true;
  private volatile Reading reading;
  private volatile String problem;
  private Thread poller;
  private Thread listener;

  private RegistryView(RegistryClient client) {
    this.client = client;
  }

  /**
   * A view of the registry {@code client} talks to, reading from now on. The view owns the client:
   * {@link #close} closes it, which cuts its event stream.
   */
  public static RegistryView start(RegistryClient client) {
    var view = new RegistryView(client);
    view.poller = Thread.ofVirtual().name("console-registry-poll").start(view::poll);
    view.listener = Thread.ofVirtual().name("console-registry-events").start(view::listen);
    return view;
  }

  /** The snapshot of a console without a registry. */
  public static Snapshot none() {
    return new Snapshot(false, null, null, null, List.of(), false);
  }

  public Snapshot snapshot() {
    Reading r = reading;
    Instant now = Instant.now();
    List<Row> rows = new ArrayList<>();
    if (r != null) {
      for (Instance i : r.instances()) {
        long age =
            i.lastHeartbeat() == null
                ? -1
                : Math.max(0, Duration.between(i.lastHeartbeat(), now).toSeconds());
        rows.add(
            new Row(
                i.service(),
                i.id(),
                i.address(),
                i.port(),
                i.status(),
                age,
                i.heartbeatSeconds(),
                i.ttlSeconds(),
                i.evictionHeld(),
                i.rssBytes(),
                i.cpu()));
      }
    }
    return new Snapshot(
        true,
        where(client.base()),
        problem,
        r == null ? null : Duration.between(r.at(), now).toSeconds(),
        rows,
        r != null && r.truncated());
  }

  /** Scheme, host and port: no user information or path of the configured address. */
  static String where(URI base) {
    return base.getScheme()
        + "://"
        + base.getHost()
        + (base.getPort() > 0 ? ":" + base.getPort() : "");
  }

  private void poll() {
    while (open) {
      try {
        reading = read();
        problem = null;
      } catch (RegistryException | RuntimeException e) {
        problem = e.getMessage(); // the last good reading stays, marked by its age
      }
      try {
        if (changed.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          changed.drainPermits(); // several events: one reading
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Reading read() throws RegistryException {
    List<Instance> all = new ArrayList<>();
    boolean truncated = false;
    List<ServiceSummary> services = new ArrayList<>(client.services().services());
    services.sort(Comparator.comparing(ServiceSummary::name));
    for (ServiceSummary s : services) {
      if (s.instances() == 0) {
        continue;
      }
      List<Instance> instances = new ArrayList<>(client.instances(s.name()).instances());
      instances.sort(Comparator.comparing(Instance::id));
      for (Instance i : instances) {
        if (all.size() == MAX_INSTANCES) {
          truncated = true;
          break;
        }
        all.add(i);
      }
    }
    return new Reading(Instant.now(), List.copyOf(all), truncated);
  }

  /** Follows the event stream; every change (or missed changes) asks for a new reading. */
  private void listen() {
    while (open) {
      try {
        client.streamEvents(
            Optional.empty(),
            0,
            change -> {
              changed.release();
              return open;
            });
      } catch (RegistryException | RuntimeException e) {
        log.debug("registry event stream: {}", e.getMessage());
      }
      changed.release(); // reconnected: read again, something may have been missed
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Whether the view's reading or event-stream thread still runs. */
  boolean threadsAlive() {
    return (poller != null && poller.isAlive()) || (listener != null && listener.isAlive());
  }

  @Override
  public void close() {
    open = false;
    if (poller != null) {
      poller.interrupt();
    }
    if (listener != null) {
      listener.interrupt();
    }
    // The interrupt ends the two threads (the interrupted stream read closes its connection); the
    // HTTP client's own selector thread would live on as long as the client is referenced.
    client.close();
  }
}
