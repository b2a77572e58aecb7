package io.svc4j.registry.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rule (c): never evict more than a share of a service's instances per minute while other instances
 * of the service keep heartbeating. When many instances go quiet together while their siblings are
 * fine, the cause is more often the network between them and the registry than the instances; the
 * budget keeps most of them listed (marked as held) for a while. Off (0 %) by default. Times are
 * {@link LiveClock} nanoseconds.
 */
public final class EvictionBudget {

  static final long WINDOW = Duration.ofMinutes(1).toNanos();

  private final int percent;
  private final Map<String, ArrayDeque<Long>> evictions = new HashMap<>();

  /**
   * @param percent share of a service's instances that may be evicted per minute; 0 = no limit
   */
  public EvictionBudget(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("eviction budget " + percent + "% is out of range 0-100");
    }
    this.percent = percent;
  }

  public boolean enabled() {
    return percent > 0;
  }

  public int percent() {
    return percent;
  }

  /**
   * Whether one more instance of {@code service} may be evicted now.
   *
   * @param instances how many instances the service has (expired ones included)
   * @param othersAlive whether some instance of the service is not expired
   */
  public synchronized boolean allow(String service, int instances, boolean othersAlive, long now) {
    if (percent == 0 || !othersAlive) {
      return true;
    }
    ArrayDeque<Long> times = evictions.computeIfAbsent(service, s -> new ArrayDeque<>());
    while (!times.isEmpty() && now - times.peekFirst() >= WINDOW) {
      times.removeFirst();
    }
    int allowed = Math.max(1, instances * percent / 100);
    return times.size() < allowed;
  }

  /** Counts an eviction against the service's budget. */
  public synchronized void evicted(String service, long now) {
    if (percent > 0) {
      evictions.computeIfAbsent(service, s -> new ArrayDeque<>()).addLast(now);
    }
  }
}
