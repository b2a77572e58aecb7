package io.svc4j.registry.engine;

import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Instance;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The registry's change log: a global index that grows with every change that is not only figures
 * (register, status, evict, deregister), the index of each service's last change, the most recent
 * changes for event-stream resumption, and waiting for the next change (blocking queries).
 */
public final class Changes {

  /** How many changes an event stream can resume from with Last-Event-ID. */
  static final int KEPT = 4096;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Long> serviceIndex = new HashMap<>();
  private final ArrayDeque<Change> recent = new ArrayDeque<>();
  private final List<Consumer<Change>> subscribers = new CopyOnWriteArrayList<>();
  private long index;
  private boolean closed;

  /**
   * Records a change under the next index; {@code snapshot} builds the instance as of that index
   * (called under the log's lock, so indexes and snapshots are in the same order).
   */
  public Change record(Change.Type type, String service, LongFunction<Instance> snapshot) {
    Change change;
    lock.lock();
    try {
      long next = ++index;
      change = new Change(type, next, snapshot.apply(next));
      remember(service, change);
    } finally {
      lock.unlock();
    }
    deliver(change);
    return change;
  }

  /**
   * Records a change whose index comes from elsewhere (an etcd revision); indexes must grow.
   * Returns false for a change at or below the current index (a replay after a reconnect).
   */
  public boolean recordExternal(Change change) {
    lock.lock();
    try {
      if (change.index() <= index) {
        return false;
      }
      index = change.index();
      remember(change.instance().service(), change);
    } finally {
      lock.unlock();
    }
    deliver(change);
    return true;
  }

  /** Moves the index forward without a change (a store that starts from an existing revision). */
  public void advanceTo(long revision, Map<String, Long> services) {
    lock.lock();
    try {
      index = Math.max(index, revision);
      services.forEach((s, i) -> serviceIndex.merge(s, i, Math::max));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void remember(String service, Change change) {
    serviceIndex.put(service, change.index());
    recent.addLast(change);
    if (recent.size() > KEPT) {
      recent.removeFirst();
    }
    changed.signalAll();
  }

  private void deliver(Change change) {
    for (Consumer<Change> s : subscribers) {
      s.accept(change);
    }
  }

  public long index() {
    lock.lock();
    try {
      return index;
    } finally {
      lock.unlock();
    }
  }

  /** The index of the service's last change, 0 when it never changed. */
  public long index(String service) {
    lock.lock();
    try {
      return serviceIndex.getOrDefault(service, 0L);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the index of {@code service} (or the global index when null) differs from {@code
   * seen}, at most {@code wait}. A {@code seen} from before a registry restart differs at once.
   */
  public void awaitChange(String service, long seen, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    lock.lock();
    try {
      while (!closed
          && (service == null ? index : serviceIndex.getOrDefault(service, 0L)) == seen) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The kept changes after {@code index}; empty when some of them are no longer kept. */
  public Optional<List<Change>> since(long after) {
    lock.lock();
    try {
      if (after >= index) {
        return Optional.of(List.of());
      }
      if (recent.isEmpty() || recent.peekFirst().index() > after + 1) {
        return Optional.empty();
      }
      List<Change> out = new ArrayList<>();
      for (Change c : recent) {
        if (c.index() > after) {
          out.add(c);
        }
      }
      return Optional.of(out);
    } finally {
      lock.unlock();
    }
  }

  /** Delivers every following change to {@code subscriber} (on the thread that made it). */
  public AutoCloseable subscribe(Consumer<Change> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** Wakes every waiter: the registry is stopping. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  static long toNanos(Duration d) {
    return TimeUnit.NANOSECONDS.convert(d);
  }
}
