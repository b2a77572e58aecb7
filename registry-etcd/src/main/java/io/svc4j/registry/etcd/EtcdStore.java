package io.svc4j.registry.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.api.ServiceList;
import io.svc4j.registry.api.ServiceSummary;
import io.svc4j.registry.api.Status;
import io.svc4j.registry.api.Wire;
import io.svc4j.registry.engine.Changes;
import io.svc4j.registry.engine.RegistryMetrics;
import io.svc4j.registry.engine.Store;
import io.svc4j.registry.engine.StoreException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state in an etcd cluster, so several stateless registry nodes share it. An
 * instance is the key {@code PREFIX/SERVICE/ID} holding its JSON, attached to an etcd lease whose
 * TTL is the instance's: a heartbeat renews the lease (and rewrites the value with the new status
 * and figures), and etcd deletes the key when the lease runs out — eviction is etcd's, identical on
 * every node. Each node keeps a view of the prefix fed by one watch, resumed from the last revision
 * it saw after a disconnect, so that no change is missed; etcd revisions are the indexes of
 * blocking queries and event ids.
 *
 * <p>etcd's watch shows a deleted key the same way whether a client deleted it or its lease ran
 * out. So a deregistration deletes the key in one transaction with a put of an intent key ({@code
 * PREFIX!deregistered/SERVICE/ID}, on the instance's lease, which is revoked right after): a delete
 * whose revision carries that intent is a {@code deregister}, every other delete is etcd's lease
 * expiry, an {@code evict} — exact on every node, whatever the clocks say.
 */
public final class EtcdStore implements Store {

  private static final Logger log = LoggerFactory.getLogger(EtcdStore.class);

  /** How long a write waits for its own change to come back through the watch. */
  private static final Duration READ_YOUR_WRITE = Duration.ofSeconds(3);

  private final EtcdGateway etcd;
  private final List<URI> endpoints;
  private final String prefix;
  private final RegistryMetrics metrics;
  private final Changes changes = new Changes();

  /** The watch's view: state as of {@link #seen}, in revision order. Guarded by {@code this}. */
  private final Map<String, Map<String, Entry>> view = new HashMap<>();

  private long seen;
  private volatile boolean watching;
  private volatile boolean closed;
  private Thread watcher;

  private record Entry(Instance instance, long lease, long modRevision) {}

  /** Below the prefix, where deregistration intents live; no service name starts with '!'. */
  static final String INTENTS = "!deregistered/";

  /** SERVICE/ID → revision of its deregistration intent, until its delete is applied. */
  private final Map<String, Long> intents = new HashMap<>();

  public EtcdStore(List<URI> endpoints, String prefix, RegistryMetrics metrics) {
    this.endpoints = List.copyOf(endpoints);
    this.etcd = new EtcdGateway(endpoints);
    this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    this.metrics = metrics;
  }

  private String key(String service, String id) {
    return prefix + service + "/" + id;
  }

  private String intentKey(String service, String id) {
    return prefix + INTENTS + service + "/" + id;
  }

  @Override
  public void start() throws StoreException {
    load();
    watcher = Thread.ofPlatform().daemon().name("svc4j-registry-etcd-watch").start(this::watchLoop);
  }

  /** Reads the whole prefix: the view as of one revision. */
  private void load() throws StoreException {
    ObjectNode range = etcd.object();
    range.put("key", EtcdGateway.b64(prefix));
    range.put("range_end", EtcdGateway.b64(EtcdGateway.rangeEnd(prefix)));
    JsonNode answer = etcd.call("kv/range", range);
    long revision = answer.path("header").path("revision").asLong();
    Map<String, Long> serviceIndex = new HashMap<>();
    synchronized (this) {
      view.clear();
      intents.clear();
      for (JsonNode kv : answer.path("kvs")) {
        if (EtcdGateway.unb64(kv.path("key").asText()).startsWith(prefix + INTENTS)) {
          continue;
        }
        Entry e = entry(kv);
        if (e != null) {
          view.computeIfAbsent(e.instance().service(), s -> new HashMap<>())
              .put(e.instance().id(), e);
          serviceIndex.merge(e.instance().service(), e.modRevision(), Math::max);
        }
      }
      seen = revision;
      notifyAll();
    }
    changes.advanceTo(revision, serviceIndex);
  }

  private Entry entry(JsonNode kv) {
    try {
      Instance stored =
          Wire.mapper().readValue(EtcdGateway.unb64(kv.path("value").asText()), Instance.class);
      long mod = kv.path("mod_revision").asLong();
      return new Entry(withIndex(stored, mod), kv.path("lease").asLong(), mod);
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring an unreadable value under {} in etcd: {}", prefix, e.getMessage());
      return null;
    }
  }

  private void watchLoop() {
    while (!closed) {
      long from;
      synchronized (this) {
        from = seen + 1;
      }
      try {
        etcd.watch(prefix, from, this::onWatch);
      } catch (IOException e) {
        watching = false;
        if (closed) {
          return;
        }
        log.warn("etcd watch broke ({}); resuming from revision {}", e.getMessage(), from);
        if (e.getMessage() != null && e.getMessage().contains("compacted")) {
          reloadQuietly();
        }
        sleepQuietly(Duration.ofMillis(300));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        watching = false;
        log.error("etcd watch failed: {}", e.toString(), e);
        sleepQuietly(Duration.ofSeconds(1));
      }
    }
  }

  private void reloadQuietly() {
    try {
      load();
    } catch (StoreException e) {
      log.warn("reloading from etcd failed: {}", e.getMessage());
    }
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One watch response: apply its events in order, record the changes that are not only figures.
   */
  private boolean onWatch(JsonNode result) {
    if (result.path("canceled").asBoolean(false) || result.path("compact_revision").asLong() > 0) {
      throw new IllegalStateException(
          "etcd watch cancelled: compacted to " + result.path("compact_revision").asText());
    }
    watching = true;
    // Intents first: a deregistration's intent and delete share a revision, in one response.
    for (JsonNode event : result.path("events")) {
      if (isIntent(event)) {
        applyIntent(event);
      }
    }
    for (JsonNode event : result.path("events")) {
      if (!isIntent(event)) {
        apply(event);
      }
    }
    long revision = result.path("header").path("revision").asLong();
    if (!result.has("events")) {
      // Progress without events (the "created" answer) says nothing about later revisions.
      return !closed;
    }
    synchronized (this) {
      seen = Math.max(seen, revision);
      notifyAll();
    }
    return !closed;
  }

  private boolean isIntent(JsonNode event) {
    return EtcdGateway.unb64(event.path("kv").path("key").asText()).startsWith(prefix + INTENTS);
  }

  /** An intent put: the delete at the same revision is a deregistration. Its removal: nothing. */
  private void applyIntent(JsonNode event) {
    if ("DELETE".equals(event.path("type").asText("PUT"))) {
      return; // the lease revoked after the deregistration took it along
    }
    JsonNode kv = event.path("kv");
    String instance =
        EtcdGateway.unb64(kv.path("key").asText()).substring((prefix + INTENTS).length());
    synchronized (this) {
      intents.put(instance, kv.path("mod_revision").asLong());
    }
  }

  private void apply(JsonNode event) {
    boolean delete = "DELETE".equals(event.path("type").asText("PUT"));
    JsonNode kv = event.path("kv");
    long mod = kv.path("mod_revision").asLong();
    String[] parts =
        EtcdGateway.unb64(kv.path("key").asText()).substring(prefix.length()).split("/", 2);
    if (parts.length != 2) {
      return;
    }
    String service = parts[0];
    String id = parts[1];
    Change change = null;
    synchronized (this) {
      Map<String, Entry> instances = view.computeIfAbsent(service, s -> new HashMap<>());
      Entry before = instances.get(id);
      if (delete) {
        instances.remove(id);
        if (instances.isEmpty()) {
          view.remove(service);
        }
        Long intent = intents.remove(service + "/" + id);
        if (before != null) {
          Instance last = withIndex(before.instance(), mod);
          boolean deregistered = intent != null && intent == mod;
          change = new Change(deregistered ? Change.Type.DEREGISTER : Change.Type.EVICT, mod, last);
          if (!deregistered) {
            long lagMillis =
                Duration.between(last.lastHeartbeat().plusSeconds(last.ttlSeconds()), Instant.now())
                    .toMillis();
            metrics.evicted(service, Math.max(0, lagMillis) / 1000.0);
          }
        }
      } else {
        Entry after = entry(kv);
        if (after == null) {
          return;
        }
        instances.put(id, after);
        if (before == null) {
          change = new Change(Change.Type.REGISTER, mod, after.instance());
        } else if (!before.instance().status().equals(after.instance().status())) {
          change = new Change(Change.Type.STATUS, mod, after.instance());
        } else if (!sameRegistration(before.instance(), after.instance())) {
          change = new Change(Change.Type.UPDATE, mod, after.instance());
        }
      }
      seen = Math.max(seen, mod);
    }
    if (change != null) {
      changes.recordExternal(change);
    }
  }

  private static boolean sameRegistration(Instance a, Instance b) {
    return a.address().equals(b.address())
        && a.port() == b.port()
        && a.metadata().equals(b.metadata())
        && a.ttlSeconds() == b.ttlSeconds()
        && a.heartbeatSeconds() == b.heartbeatSeconds()
        && Objects.equals(a.registeredAt(), b.registeredAt());
  }

  private static Instance withIndex(Instance i, long index) {
    return new Instance(
        i.service(),
        i.id(),
        i.address(),
        i.port(),
        i.metadata(),
        i.ttlSeconds(),
        i.heartbeatSeconds(),
        i.status(),
        i.cpu(),
        i.rssBytes(),
        i.text(),
        i.registeredAt(),
        i.lastHeartbeat(),
        index,
        false);
  }

  /** Waits until the watch has delivered {@code revision}, so the writer reads its own write. */
  private void awaitSeen(long revision) throws StoreException {
    long deadline = System.nanoTime() + READ_YOUR_WRITE.toNanos();
    synchronized (this) {
      while (seen < revision) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StoreException("etcd watch lags behind revision " + revision);
        }
        try {
          wait(left / 1_000_000 + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted", e);
        }
      }
    }
  }

  private synchronized Entry viewed(String service, String id) {
    Map<String, Entry> instances = view.get(service);
    return instances == null ? null : instances.get(id);
  }

  @Override
  public Instance register(String service, String id, Registration registration)
      throws StoreException {
    ObjectNode grant = etcd.object();
    grant.put("TTL", registration.ttlSeconds());
    long lease = etcd.call("lease/grant", grant).path("ID").asLong();
    Entry before = viewed(service, id);
    Instant now = Instant.now();
    Instance value =
        new Instance(
            service,
            id,
            registration.address(),
            registration.port(),
            registration.metadata(),
            registration.ttlSeconds(),
            registration.heartbeatSeconds(),
            before == null ? Status.STARTING : before.instance().status(),
            before == null ? null : before.instance().cpu(),
            before == null ? null : before.instance().rssBytes(),
            before == null ? "" : before.instance().text(),
            before == null ? now : before.instance().registeredAt(),
            now,
            0,
            false);
    long revision = put(service, id, value, lease);
    if (before != null && before.lease() != lease) {
      revokeQuietly(before.lease()); // the key is on the new lease now; the old one is garbage
    }
    awaitSeen(revision);
    metrics.registered();
    return withIndex(value, revision);
  }

  private long put(String service, String id, Instance value, long lease) throws StoreException {
    ObjectNode put = etcd.object();
    put.put("key", EtcdGateway.b64(key(service, id)));
    try {
      put.put("value", EtcdGateway.b64(Wire.mapper().writeValueAsString(value)));
    } catch (IOException e) {
      throw new StoreException("cannot write " + service + "/" + id, e);
    }
    put.put("lease", lease);
    return etcd.call("kv/put", put).path("header").path("revision").asLong();
  }

  private void revokeQuietly(long lease) {
    try {
      ObjectNode revoke = etcd.object();
      revoke.put("ID", lease);
      etcd.call("lease/revoke", revoke);
    } catch (StoreException e) {
      log.debug("revoking lease {}: {}", lease, e.getMessage());
    }
  }

  @Override
  public Optional<Instance> heartbeat(String service, String id, Heartbeat heartbeat)
      throws StoreException {
    Entry entry = viewed(service, id);
    if (entry == null) {
      entry = read(service, id);
      if (entry == null) {
        return Optional.empty();
      }
    }
    ObjectNode keep = etcd.object();
    keep.put("ID", entry.lease());
    if (etcd.call("lease/keepalive", keep).path("TTL").asLong() <= 0) {
      return Optional.empty(); // the lease ran out: etcd deleted the key
    }
    metrics.heartbeat();
    Instance i = entry.instance();
    Instance value =
        new Instance(
            service,
            id,
            i.address(),
            i.port(),
            i.metadata(),
            i.ttlSeconds(),
            i.heartbeatSeconds(),
            heartbeat.status(),
            heartbeat.cpu(),
            heartbeat.rssBytes(),
            heartbeat.text(),
            i.registeredAt(),
            Instant.now(),
            0,
            false);
    long revision;
    try {
      revision = put(service, id, value, entry.lease());
    } catch (StoreException e) {
      if (String.valueOf(e.getMessage()).contains("lease not found")) {
        return Optional.empty();
      }
      throw e;
    }
    if (!i.status().equals(heartbeat.status())) {
      awaitSeen(revision); // a status change is visible on this node when the call returns
    }
    return Optional.of(withIndex(value, revision));
  }

  private Entry read(String service, String id) throws StoreException {
    ObjectNode range = etcd.object();
    range.put("key", EtcdGateway.b64(key(service, id)));
    JsonNode kvs = etcd.call("kv/range", range).path("kvs");
    return kvs.isEmpty() ? null : entry(kvs.get(0));
  }

  @Override
  public Optional<Instance> deregister(String service, String id) throws StoreException {
    Entry entry = viewed(service, id);
    for (int attempt = 0; attempt < 2; attempt++) {
      if (entry == null || attempt > 0) {
        entry = read(service, id); // not in this node's view yet, or on a newer lease than it
      }
      if (entry == null) {
        return Optional.empty();
      }
      JsonNode answer = deleteWithIntent(service, id, entry.lease());
      if (answer == null) {
        return Optional.empty(); // the lease ran out first: etcd evicted it
      }
      if (answer.path("succeeded").asBoolean(false)) {
        revokeQuietly(entry.lease());
        awaitSeen(answer.path("header").path("revision").asLong());
        metrics.deregistered();
        return Optional.of(entry.instance());
      }
    }
    return Optional.empty();
  }

  /**
   * One transaction: if the key is still on {@code lease}, put the intent (on the same lease, so
   * that revoking it removes the intent too) and delete the key; every node's watch sees both at
   * one revision. Null when the lease ran out meanwhile.
   */
  private JsonNode deleteWithIntent(String service, String id, long lease) throws StoreException {
    String key = EtcdGateway.b64(key(service, id));
    ObjectNode txn = etcd.object();
    ObjectNode onLease = txn.putArray("compare").addObject();
    onLease.put("key", key);
    onLease.put("target", "LEASE");
    onLease.put("result", "EQUAL");
    onLease.put("lease", lease);
    var success = txn.putArray("success");
    ObjectNode intent = success.addObject().putObject("request_put");
    intent.put("key", EtcdGateway.b64(intentKey(service, id)));
    intent.put("value", EtcdGateway.b64("deregistered"));
    intent.put("lease", lease);
    success.addObject().putObject("request_delete_range").put("key", key);
    try {
      return etcd.call("kv/txn", txn);
    } catch (StoreException e) {
      if (String.valueOf(e.getMessage()).contains("lease not found")) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public synchronized ServiceList services() {
    List<ServiceSummary> out = new ArrayList<>();
    new TreeMap<>(view)
        .forEach(
            (name, instances) -> {
              Map<String, Integer> byStatus = new TreeMap<>();
              instances
                  .values()
                  .forEach(e -> byStatus.merge(e.instance().status(), 1, Integer::sum));
              if (!instances.isEmpty()) {
                out.add(new ServiceSummary(name, instances.size(), byStatus));
              }
            });
    return new ServiceList(changes.index(), out);
  }

  @Override
  public Optional<Instance> instance(String service, String id) {
    return Optional.ofNullable(viewed(service, id)).map(Entry::instance);
  }

  @Override
  public ServiceInstances instances(String service) {
    long index = changes.index(service);
    List<Instance> out = new ArrayList<>();
    synchronized (this) {
      Map<String, Entry> instances = view.get(service);
      if (instances != null) {
        instances.values().forEach(e -> out.add(e.instance()));
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
  public boolean ready() {
    return watching;
  }

  @Override
  public synchronized String describe() {
    int n = view.values().stream().mapToInt(Map::size).sum();
    return n
        + " instances in "
        + view.size()
        + " services (etcd "
        + endpoints
        + (watching ? "" : ", watch reconnecting")
        + ")";
  }

  @Override
  public void close() {
    closed = true;
    if (watcher != null) {
      watcher.interrupt();
    }
    changes.close();
  }
}
