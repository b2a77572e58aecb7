package io.svc4j.console;

import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Memory and CPU of every supervised service over the last hour, kept in the console (so the chart
 * survives a reload of the page): every {@link #INTERVAL} it asks each supervisor with a control
 * socket for its status, as the table does, and adds the child tree's figures to that service's
 * {@link UsageRing}; a supervisor that stopped answering is a gap. The service manager is not asked
 * (it may cost a process per service, every 5 s, with nobody watching). A service without a sample
 * for the whole hour is forgotten.
 */
final class UsageHistory implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofSeconds(5);
  static final Duration SPAN = Duration.ofHours(1);

  private final ServiceSource services;
  private final Map<String, UsageRing> rings = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("svc4j-console-usage").factory());

  UsageHistory(ServiceSource services) {
    this.services = services;
  }

  /** Takes a sample now and then every {@link #INTERVAL}. */
  UsageHistory start() {
    timer.scheduleAtFixedRate(this::sampleQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** {@code name}'s samples, oldest first (none yet: empty). */
  UsageRing.UsageSeries series(String name) {
    UsageRing ring = rings.get(name);
    if (ring == null) {
      return new UsageRing(0).series((int) INTERVAL.toSeconds());
    }
    synchronized (ring) {
      return ring.series((int) INTERVAL.toSeconds());
    }
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // The next round tries again: a failed sample is a gap in the chart, never the end of it.
    }
  }

  private void sample() {
    Set<String> listed = Set.copyOf(services.supervisedNames());
    long now = System.currentTimeMillis() / 1000;
    rings
        .entrySet()
        .removeIf(
            e -> !listed.contains(e.getKey()) && e.getValue().idleSince(now - SPAN.toSeconds()));
    Set<String> sampled = new java.util.HashSet<>(listed);
    sampled.addAll(rings.keySet()); // a supervisor that went away: a gap until it comes back
    for (String name : sampled) {
      long pid = 0;
      long memory = 0;
      double cpu = 0;
      try {
        ControlReply reply =
            ControlClient.send(
                services.controlSocket(name), SupervisorCommand.STATUS, ServiceView.TIMEOUT);
        if (!reply.ok() || reply.status() == null) {
          continue;
        }
        pid = reply.status().pid();
        memory = reply.status().memoryBytes();
        cpu = reply.status().cpuSeconds();
      } catch (IOException | UnsupportedOperationException e) {
        if (!rings.containsKey(name)) {
          continue; // never supervised while we looked: no chart
        }
      }
      UsageRing ring =
          rings.computeIfAbsent(
              name, n -> new UsageRing((int) (SPAN.toSeconds() / INTERVAL.toSeconds())));
      synchronized (ring) {
        ring.add(now, System.nanoTime(), pid, memory, cpu);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
