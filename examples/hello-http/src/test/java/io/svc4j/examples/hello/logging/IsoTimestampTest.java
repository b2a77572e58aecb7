package io.svc4j.examples.hello.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** IsoTimestamp writes exactly what DateTimeFormatter.ISO_INSTANT writes, for every instant. */
class IsoTimestampTest {

  private static String viaIsoTimestamp(IsoTimestamp t, Instant instant) {
    int length = t.format(instant);
    return length < 0 ? IsoTimestamp.fallback(instant) : new String(t.chars(), 0, length);
  }

  @Test
  void matchesIsoInstantForEveryKindOfFraction() {
    List<Instant> instants = new ArrayList<>();
    long second = 1_796_000_000L; // 2026-11-29
    for (int nano : new int[] {0, 1, 999, 1_000, 120_000, 68_000_000, 68_123_000, 999_999_999}) {
      instants.add(Instant.ofEpochSecond(second, nano));
      instants.add(Instant.ofEpochSecond(second + 1, nano)); // the next second, cached prefix
      instants.add(Instant.ofEpochSecond(second, nano)); // and back
    }
    instants.add(Instant.EPOCH);
    instants.add(Instant.ofEpochSecond(-1, 5)); // before 1970
    instants.add(Instant.parse("2026-12-31T23:59:59.999Z"));
    instants.add(Instant.parse("2027-01-01T00:00:00Z")); // seconds written even when zero
    instants.add(Instant.parse("0000-01-01T00:00:00Z"));
    instants.add(Instant.parse("9999-12-31T23:59:59.5Z"));
    instants.add(Instant.parse("+10000-01-01T00:00:00Z")); // past the fixed layout: fallback
    instants.add(Instant.parse("-0001-12-31T23:59:59Z"));
    instants.add(Instant.MAX);
    instants.add(Instant.MIN);
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 10_000; i++) {
      instants.add(
          Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1_000_000_000)));
      instants.add(
          Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L), random.nextInt(1000) * 1000));
      instants.add(
          Instant.ofEpochSecond(
              random.nextLong(0, 4_000_000_000L), random.nextInt(1000) * 1_000_000));
    }
    IsoTimestamp t = new IsoTimestamp();
    for (Instant instant : instants) {
      assertThat(viaIsoTimestamp(t, instant))
          .as("%s", instant)
          .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
  }

  @Test
  void theClockAsLoggedMatchesToo() {
    IsoTimestamp t = new IsoTimestamp();
    for (int i = 0; i < 1000; i++) {
      Instant now = Instant.now();
      assertThat(viaIsoTimestamp(t, now)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(now));
    }
  }
}
