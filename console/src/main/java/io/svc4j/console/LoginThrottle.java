package io.svc4j.console;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password and token guessing, per remote address (an IPv6 address counts as its /64,
 * the block one host usually gets, so that it cannot step through its own addresses): after {@link
 * #MAX_FAILURES} failed logins within {@link #WINDOW}, every login from that address (even a right
 * one) is refused with 429 until {@link #LOCKOUT} after its last failure. A successful login
 * forgets the address's failures.
 */
final class LoginThrottle {

  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration LOCKOUT = Duration.ofMinutes(1);

  /** Bound on remembered addresses, so that a flood of addresses cannot grow memory forever. */
  private static final int MAX_ADDRESSES = 10_000;

  private record Failures(int count, Instant first, Instant last) {}

  private final Clock clock;
  private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code from} must still wait before it may try again; zero when it may now. */
  Duration wait(InetAddress address) {
    InetAddress from = key(address);
    Failures f = failures.get(from);
    Instant now = clock.instant();
    if (f == null || f.count() < MAX_FAILURES) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, f.last().plus(LOCKOUT));
    return left.isNegative() ? Duration.ZERO : left;
  }

  void failed(InetAddress address) {
    InetAddress from = key(address);
    Instant now = clock.instant();
    if (failures.size() >= MAX_ADDRESSES) {
      failures.values().removeIf(f -> f.last().plus(WINDOW).isBefore(now));
      if (failures.size() >= MAX_ADDRESSES) {
        failures.clear(); // a flood from many addresses: start over rather than grow
      }
    }
    failures.compute(
        from,
        (a, f) ->
            f == null || f.first().plus(WINDOW).isBefore(now)
                ? new Failures(1, now, now)
                : new Failures(f.count() + 1, f.first(), now));
  }

  void succeeded(InetAddress address) {
    failures.remove(key(address));
  }

  private static InetAddress key(InetAddress address) {
    if (!(address instanceof java.net.Inet6Address)) {
      return address;
    }
    byte[] b = address.getAddress();
    java.util.Arrays.fill(b, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(b);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: 16 bytes
    }
  }
}
