package io.svc4j.systemd.notify;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * CLOCK_MONOTONIC, the clock systemd compares {@code MONOTONIC_USEC} with. {@link System#nanoTime}
 * has an unspecified origin, so it cannot stand in for it.
 */
public final class MonotonicClock {

  private MonotonicClock() {}

  /** Microseconds of CLOCK_MONOTONIC now. */
  public static long nowMicros() {
    try (Memory timespec = new Memory(2L * NativeLong.SIZE)) {
      LinuxC.get().clock_gettime(LinuxC.CLOCK_MONOTONIC, timespec);
      long seconds = timespec.getNativeLong(0).longValue();
      long nanos = timespec.getNativeLong(NativeLong.SIZE).longValue();
      return seconds * 1_000_000L + nanos / 1_000L;
    }
  }
}
