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
 *
 * <p>An attempt counts from the moment it {@link #begin begins}, not only once it has failed: a
 * burst of simultaneous guesses, all sent before the first one fails, gets no more tries than
 * {@link #MAX_FAILURES} either.
 */
final class LoginThrottle {

  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration LOCKOUT = Duration.ofMinutes(1);

  /** What a refused attempt is told when others from its address are still being checked. */
  private static final Duration BUSY = Duration.ofSeconds(1);

  /** Bound on remembered addresses, so that a flood of addresses cannot grow memory forever. */
  private static final int MAX_ADDRESSES = 10_000;

  /**
   * @param count failed attempts in the window
   * @param first the window's first failure
   * @param last the latest failure
   * @param checking attempts begun and not yet ended
   */
  private record Attempts(int count, Instant first, Instant last, int checking) {}

  private final Clock clock;
  private final Map<InetAddress, Attempts> attempts = new ConcurrentHashMap<>();

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /**
   * Starts a login attempt from {@code address} if it may try now; then exactly one of {@link
   * #failed}, {@link #succeeded} or {@link #abandoned} must follow.
   *
   * @return zero when the attempt may go on; otherwise how long to wait (nothing was started)
   */
  Duration begin(InetAddress address) {
    InetAddress from = key(address);
    Instant now = clock.instant();
    if (attempts.size() >= MAX_ADDRESSES) {
      attempts.values().removeIf(a -> a.checking() == 0 && a.last().plus(WINDOW).isBefore(now));
    }
    Duration[] wait = {Duration.ZERO};
    attempts.compute(
        from,
        (k, a) -> {
          if (a == null || (a.checking() == 0 && a.first().plus(WINDOW).isBefore(now))) {
            return new Attempts(0, now, now, 1);
          }
          if (a.count() >= MAX_FAILURES) {
            Duration left = Duration.between(now, a.last().plus(LOCKOUT));
            if (left.isPositive()) {
              wait[0] = left;
              return a;
            }
            if (a.checking() > 0) { // after a lockout: one try at a time
              wait[0] = BUSY;
              return a;
            }
          } else if (a.count() + a.checking() >= MAX_FAILURES) {
            wait[0] = BUSY;
            return a;
          }
          return new Attempts(a.count(), a.first(), a.last(), a.checking() + 1);
        });
    return wait[0];
  }

  /** How long {@code address} must still wait before it may try again; zero when it may now. */
  Duration wait(InetAddress address) {
    Attempts a = attempts.get(key(address));
    if (a == null || a.count() < MAX_FAILURES) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), a.last().plus(LOCKOUT));
    return left.isNegative() ? Duration.ZERO : left;
  }

  void failed(InetAddress address) {
    Instant now = clock.instant();
    attempts.compute(
        key(address),
        (k, a) -> {
          if (a == null) {
            return new Attempts(1, now, now, 0);
          }
          int checking = Math.max(0, a.checking() - 1);
          return a.first().plus(WINDOW).isBefore(now)
              ? new Attempts(1, now, now, checking) // the window has passed: count anew
              : new Attempts(a.count() + 1, a.first(), now, checking);
        });
  }

  void succeeded(InetAddress address) {
    attempts.remove(key(address));
  }

  /** An attempt that ended without a verdict (its request could not be read). */
  void abandoned(InetAddress address) {
    attempts.computeIfPresent(
        key(address),
        (k, a) -> new Attempts(a.count(), a.first(), a.last(), Math.max(0, a.checking() - 1)));
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
