package io.svc4j.registry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Registration;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The eviction rules on a hand-driven clock: what is evicted when, and what is not. */
class MemoryStoreTest {

  private static final long SCAN = Duration.ofMillis(250).toNanos();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Change> seen = new CopyOnWriteArrayList<>();

  private MemoryStore store(int budgetPercent) {
    MemoryStore s =
        new MemoryStore(
            Duration.ofMillis(250),
            new LiveClock(nanos::get, MemoryStore.MAX_CREDITED_GAP),
            Clock.systemUTC(),
            new EvictionBudget(budgetPercent),
            new RegistryMetrics());
    s.changes().subscribe(seen::add);
    return s;
  }

  /** Advances time in scan steps, scanning after each, as the real loop does. */
  private void run(MemoryStore s, Duration d) {
    for (long t = 0; t < d.toNanos(); t += SCAN) {
      nanos.addAndGet(SCAN);
      s.scan(SCAN);
    }
  }

  private static Registration ttl(int seconds) {
    return new Registration("127.0.0.1", 8080, Map.of(), seconds, 1);
  }

  @Test
  void instanceWithoutHeartbeatIsEvictedAfterItsTtlAndNotBefore() {
    MemoryStore s = store(0);
    s.register("api", "a", ttl(3));
    run(s, Duration.ofMillis(3000));
    assertThat(s.instance("api", "a")).as("still within TTL").isPresent();
    run(s, Duration.ofMillis(500));
    assertThat(s.instance("api", "a")).as("TTL + one scan").isEmpty();
    assertThat(seen)
        .extracting(Change::type)
        .containsExactly(Change.Type.REGISTER, Change.Type.EVICT);
    assertThat(s.heartbeat("api", "a", Heartbeat.of("UP"))).as("late heartbeat: 404").isEmpty();
  }

  @Test
  void heartbeatsKeepTheLeaseAndStatusChangesAreChanges() {
    MemoryStore s = store(0);
    s.register("api", "a", ttl(2));
    for (int i = 0; i < 10; i++) {
      run(s, Duration.ofMillis(1500));
      assertThat(s.heartbeat("api", "a", Heartbeat.of(i < 9 ? "UP" : "DRAINING"))).isPresent();
    }
    assertThat(seen)
        .extracting(Change::type)
        .containsExactly(Change.Type.REGISTER, Change.Type.STATUS, Change.Type.STATUS);
    assertThat(s.instance("api", "a").orElseThrow().status()).isEqualTo("DRAINING");
  }

  @Test
  void theRegistrysOwnPauseDoesNotAgeLeases() {
    MemoryStore s = store(0);
    s.register("api", "a", ttl(3));
    run(s, Duration.ofSeconds(2));
    // The registry is frozen for a minute: no scan runs, then one scan sees the whole gap.
    nanos.addAndGet(Duration.ofSeconds(60).toNanos());
    assertThat(s.liveNow())
        .as("a reader before the scan sees at most 1 s")
        .isLessThan(Duration.ofMillis(3250).toNanos() + 1_000_000_000L);
    s.scan(SCAN);
    assertThat(s.instance("api", "a")).as("not evicted by its own pause").isPresent();
    assertThat(s.heartbeat("api", "a", Heartbeat.of("UP"))).isPresent();
    // A client that really stopped is still evicted on time after the pause.
    run(s, Duration.ofMillis(3500));
    assertThat(s.instance("api", "a")).isEmpty();
    assertThat(s.describe()).contains("s of own pauses not counted");
  }

  @Test
  void evictionBudgetHoldsInstancesBackWhileTheirSiblingsHeartbeat() {
    MemoryStore s = store(25); // 25 % of 8 = 2 per minute
    for (int i = 0; i < 8; i++) {
      s.register("api", "i" + i, ttl(2));
    }
    // Only i0 keeps heartbeating; the seven others go quiet at once.
    for (int step = 0; step < 12; step++) {
      run(s, Duration.ofMillis(500));
      s.heartbeat("api", "i0", Heartbeat.of("UP"));
    }
    long evicted = seen.stream().filter(c -> c.type() == Change.Type.EVICT).count();
    assertThat(evicted).as("two per minute").isEqualTo(2);
    assertThat(s.instances("api").instances()).filteredOn(i -> i.evictionHeld()).hasSize(5);
    assertThat(s.describe()).contains("5 expired held back by the eviction budget");
    // A held instance that heartbeats again is just alive.
    s.heartbeat("api", "i7", Heartbeat.of("UP"));
    assertThat(s.instance("api", "i7").orElseThrow().evictionHeld()).isFalse();
  }

  @Test
  void withoutLiveSiblingsTheBudgetDoesNotApply() {
    MemoryStore s = store(25);
    for (int i = 0; i < 8; i++) {
      s.register("api", "i" + i, ttl(2));
    }
    run(s, Duration.ofMillis(2500));
    assertThat(s.instances("api").instances()).isEmpty();
  }

  @Test
  void blockingWaitReturnsOnTheServicesNextChangeOnly() throws Exception {
    MemoryStore s = store(0);
    long before = s.changes().index("api");
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  s.register("other", "x", ttl(5));
                  s.register("api", "a", ttl(5));
                });
    s.changes().awaitChange("api", before, Duration.ofSeconds(10));
    t.join();
    assertThat(s.instances("api").instances()).extracting(i -> i.id()).containsExactly("a");
    assertThat(s.changes().index("api")).isGreaterThan(before);
  }
}
