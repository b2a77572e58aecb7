package io.svc4j.registry.engine;

import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.api.ServiceList;
import io.svc4j.registry.api.ServiceSummary;
import io.svc4j.registry.api.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry in this process's memory. Leases count {@link LiveClock} time; a scan every {@code
 * scanPeriod} evicts instances whose last heartbeat is older than their TTL, following the three
 * rules of docs/registry.md: (a) nothing is evicted during the first TTL after start, (b) time the
 * registry itself was paused does not count, (c) the optional {@link EvictionBudget}.
 */
public final class MemoryStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(MemoryStore.class);

  /** A gap between scans longer than this is the registry's own pause: only this much counts. */
  public static final Duration MAX_CREDITED_GAP = Duration.ofSeconds(1);

  private final Duration scanPeriod;
  private final LiveClock clock;
  private final Clock wall;
  private final EvictionBudget budget;
  private final RegistryMetrics metrics;
  private final Changes changes = new Changes();
  private final Map<String, Map<String, Entry>> services = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();
  private final ScheduledExecutorService scanner =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("svc4j-registry-scan").factory());
  private final long startedAt;

  public MemoryStore(
      Duration scanPeriod,
      LiveClock clock,
      Clock wall,
      EvictionBudget budget,
      RegistryMetrics metrics) {
    this.scanPeriod = scanPeriod;
    this.clock = clock;
    this.wall = wall;
    this.budget = budget;
    this.metrics = metrics;
    this.startedAt = clock.now();
  }

  public static MemoryStore create(EvictionBudget budget, RegistryMetrics metrics) {
    return new MemoryStore(
        Duration.ofMillis(250),
        LiveClock.system(MAX_CREDITED_GAP),
        Clock.systemUTC(),
        budget,
        metrics);
  }

  /** One instance's lease and latest report. Guarded by its own monitor. */
  private static final class Entry {
    final String service;
    final String id;
    Registration registration;
    Instant registeredAt;
    Instant lastBeatWall;
    long lastBeatLive;
    String status = Status.STARTING;
    Double cpu;
    Long rss;
    String text = "";
    long index;
    boolean held;
    boolean removed;

    Entry(String service, String id) {
      this.service = service;
      this.id = id;
    }

    long ttlNanos() {
      return TimeUnit.SECONDS.toNanos(registration.ttlSeconds());
    }

    Instance snapshot() {
      return new Instance(
          service,
          id,
          registration.address(),
          registration.port(),
          registration.metadata(),
          registration.ttlSeconds(),
          registration.heartbeatSeconds(),
          status,
          cpu,
          rss,
          text,
          registeredAt,
          lastBeatWall,
          index,
          held);
    }
  }

  @Override
  public void start() {
    long period = scanPeriod.toNanos();
    scanner.scheduleAtFixedRate(
        () -> {
          try {
            scan(period);
          } catch (RuntimeException e) {
            log.error("eviction scan failed: {}", e.toString(), e);
          }
        },
        period,
        period,
        TimeUnit.NANOSECONDS);
  }

  @Override
  public Instance register(String service, String id, Registration registration) {
    Map<String, Entry> instances =
        services.computeIfAbsent(service, s -> new ConcurrentHashMap<>());
    while (true) {
      Entry fresh = new Entry(service, id);
      Entry entry = instances.putIfAbsent(id, fresh);
      boolean created = entry == null;
      if (created) {
        entry = fresh;
      }
      synchronized (entry) {
        if (entry.removed) {
          continue; // evicted or deregistered between lookup and lock: register anew
        }
        Instant now = wall.instant();
        entry.registration = registration;
        entry.lastBeatLive = clock.now();
        entry.lastBeatWall = now;
        entry.held = false;
        if (created) {
          entry.registeredAt = now;
        }
        Entry e = entry;
        Change change =
            changes.record(
                created ? Change.Type.REGISTER : Change.Type.UPDATE,
                service,
                index -> {
                  e.index = index;
                  return e.snapshot();
                });
        metrics.registered();
        if (created) {
          log.info("registered {}/{}", service, id);
        }
        return change.instance();
      }
    }
  }

  @Override
  public Optional<Instance> heartbeat(String service, String id, Heartbeat heartbeat) {
    Entry entry = find(service, id);
    if (entry == null) {
      return Optional.empty();
    }
    synchronized (entry) {
      if (entry.removed) {
        return Optional.empty();
      }
      entry.lastBeatLive = clock.now();
      entry.lastBeatWall = wall.instant();
      entry.cpu = heartbeat.cpu();
      entry.rss = heartbeat.rssBytes();
      entry.text = heartbeat.text();
      metrics.heartbeat();
      boolean wasHeld = entry.held;
      entry.held = false;
      if (wasHeld) {
        held.decrementAndGet();
      }
      if (!entry.status.equals(heartbeat.status())) {
        entry.status = heartbeat.status();
        changes.record(
            Change.Type.STATUS,
            service,
            index -> {
              entry.index = index;
              return entry.snapshot();
            });
      }
      return Optional.of(entry.snapshot());
    }
  }

  @Override
  public Optional<Instance> deregister(String service, String id) {
    Entry entry = find(service, id);
    if (entry == null) {
      return Optional.empty();
    }
    Optional<Instance> gone = remove(entry, Change.Type.DEREGISTER);
    gone.ifPresent(
        i -> {
          metrics.deregistered();
          log.info("deregistered {}/{}", service, id);
        });
    return gone;
  }

  private Optional<Instance> remove(Entry entry, Change.Type type) {
    synchronized (entry) {
      if (entry.removed) {
        return Optional.empty();
      }
      entry.removed = true;
      if (entry.held) {
        held.decrementAndGet();
      }
      Map<String, Entry> instances = services.get(entry.service);
      if (instances != null) {
        instances.remove(entry.id, entry);
      }
      Change change =
          changes.record(
              type,
              entry.service,
              index -> {
                entry.index = index;
                return entry.snapshot();
              });
      return Optional.of(change.instance());
    }
  }

  private Entry find(String service, String id) {
    Map<String, Entry> instances = services.get(service);
    return instances == null ? null : instances.get(id);
  }

  /** One eviction pass; package-private so tests can drive it with a fake clock. */
  void scan(long expectedGapNanos) {
    long now = clock.tick(expectedGapNanos);
    metrics.scan(clock.lastLateness().toNanos() / 1e9, clock.paused().toNanos() / 1e9);
    for (Map<String, Entry> instances : services.values()) {
      List<Entry> expired = new ArrayList<>();
      int total = 0;
      boolean othersAlive = false;
      for (Entry e : instances.values()) {
        total++;
        synchronized (e) {
          // Rule (a): the first TTL after start evicts nothing (a store with persistent state gets
          // its clients time to find the registry again); in memory it holds trivially.
          boolean expiredNow =
              now - e.lastBeatLive > e.ttlNanos() && now - startedAt >= e.ttlNanos();
          if (expiredNow) {
            expired.add(e);
          } else {
            othersAlive = true;
          }
        }
      }
      expired.sort(Comparator.comparingLong(e -> e.lastBeatLive));
      for (Entry e : expired) {
        String service = e.service;
        if (!budget.allow(service, total, othersAlive, now)) {
          synchronized (e) {
            if (!e.held && !e.removed) {
              e.held = true;
              held.incrementAndGet();
              log.warn(
                  "{}/{} missed its lease but stays listed: the eviction budget of {}% per minute"
                      + " for {} is used up while its other instances keep heartbeating",
                  service, e.id, budget.percent(), service);
            }
          }
          continue;
        }
        long lag;
        synchronized (e) {
          lag = now - e.lastBeatLive - e.ttlNanos();
          if (now - e.lastBeatLive <= e.ttlNanos()) {
            continue; // a heartbeat arrived meanwhile
          }
        }
        if (remove(e, Change.Type.EVICT).isPresent()) {
          budget.evicted(service, now);
          metrics.evicted(service, lag / 1e9);
          log.info(
              "evicted {}/{}: no heartbeat for more than its TTL of {} s",
              service,
              e.id,
              e.registration.ttlSeconds());
        }
      }
    }
    services.entrySet().removeIf(s -> s.getValue().isEmpty());
  }

  @Override
  public ServiceList services() {
    List<ServiceSummary> out = new ArrayList<>();
    new TreeMap<>(services)
        .forEach(
            (name, instances) -> {
              Map<String, Integer> byStatus = new TreeMap<>();
              int n = 0;
              for (Entry e : instances.values()) {
                String status;
                synchronized (e) {
                  status = e.status;
                }
                byStatus.merge(status, 1, Integer::sum);
                n++;
              }
              if (n > 0) {
                out.add(new ServiceSummary(name, n, byStatus));
              }
            });
    return new ServiceList(changes.index(), out);
  }

  @Override
  public Optional<Instance> instance(String service, String id) {
    Entry e = find(service, id);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return e.removed ? Optional.empty() : Optional.of(e.snapshot());
    }
  }

  @Override
  public ServiceInstances instances(String service) {
    // The index first: a change after it shows up in the next blocking query, never lost.
    long index = changes.index(service);
    List<Instance> out = new ArrayList<>();
    Map<String, Entry> instances = services.get(service);
    if (instances != null) {
      for (Entry e : instances.values()) {
        synchronized (e) {
          if (!e.removed) {
            out.add(e.snapshot());
          }
        }
      }
    }
    out.sort(Comparator.comparing(Instance::id));
    return new ServiceInstances(service, index, out);
  }

  @Override
  public Changes changes() {
    return changes;
  }

  @Override
  public String describe() {
    int n = services.values().stream().mapToInt(Map::size).sum();
    String text = n + " instances in " + services.size() + " services (memory)";
    int h = held.get();
    if (h > 0) {
      text += "; " + h + " expired held back by the eviction budget";
    }
    Duration paused = clock.paused();
    if (!paused.isZero()) {
      text += "; " + paused.toSeconds() + " s of own pauses not counted toward leases";
    }
    return text;
  }

  /** Live time since start, for tests. */
  long liveNow() {
    return clock.now();
  }

  @Override
  public void close() {
    scanner.shutdownNow();
    changes.close();
  }
}
