package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounded ring of usage samples: oldest dropped, CPU use between samples, gaps. */
class UsageRingTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void keepsOnlyTheLastSamplesOldestFirst() {
    var ring = new UsageRing(3);
    for (int i = 0; i < 5; i++) {
      ring.add(100 + i, i * SECOND, 42, 1000 + i, 0);
    }
    var series = ring.series(5);
    assertThat(series.t()).containsExactly(102, 103, 104);
    assertThat(series.memoryBytes()).containsExactly(1002L, 1003L, 1004L);
    assertThat(series.intervalSeconds()).isEqualTo(5);
  }

  @Test
  void cpuIsTheShareOfTheTimeBetweenTwoSamplesOfTheSameChild() {
    var ring = new UsageRing(10);
    ring.add(100, 0, 42, 1000, 1.0);
    ring.add(105, 5 * SECOND, 42, 1000, 2.0); // 1 s of CPU in 5 s: 20 %
    ring.add(110, 10 * SECOND, 43, 1000, 0.1); // a new child: no figure for its first sample
    ring.add(115, 15 * SECOND, 43, 1000, 5.1); // 5 s in 5 s: one core
    assertThat(ring.series(5).cpuPercent()).containsExactly(null, 20.0, null, 100.0);
  }

  @Test
  void idleOnlyWithoutARunningChildSinceThen() {
    var ring = new UsageRing(10);
    assertThat(ring.idleSince(0)).isTrue();
    ring.add(100, 0, 42, 1000, 1.0);
    ring.add(105, 5 * SECOND, 0, 0, 0);
    assertThat(ring.idleSince(100)).isFalse();
    assertThat(ring.idleSince(101)).isTrue();
  }

  @Test
  void noChildIsAGapInBothSeries() {
    var ring = new UsageRing(10);
    ring.add(100, 0, 42, 1000, 1.0);
    ring.add(105, 5 * SECOND, 0, 0, 0);
    ring.add(110, 10 * SECOND, 42, 2000, 1.0); // pid reused after a gap: still a first sample
    var series = ring.series(5);
    assertThat(series.memoryBytes()).containsExactly(1000L, null, 2000L);
    assertThat(series.cpuPercent()).containsExactly(null, null, null);
  }
}
