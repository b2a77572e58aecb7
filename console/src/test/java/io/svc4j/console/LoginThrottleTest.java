package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's rules over time (a settable clock; the HTTP side is in ConsoleAccessTest). */
class LoginThrottleTest {

  private Instant now = Instant.parse("2026-12-01T09:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void blocksAnAddressAfterTooManyFailuresUntilTheLockoutEnds() throws Exception {
    var throttle = new LoginThrottle(clock);
    var attacker = InetAddress.getByName("192.0.2.1");
    var other = InetAddress.getByName("192.0.2.2");
    for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
      throttle.failed(attacker);
    }
    assertThat(throttle.wait(attacker)).isZero();
    throttle.failed(attacker);
    assertThat(throttle.wait(attacker)).isEqualTo(LoginThrottle.LOCKOUT);
    assertThat(throttle.wait(other)).isZero(); // per address
    now = now.plus(LoginThrottle.LOCKOUT).plusSeconds(1);
    assertThat(throttle.wait(attacker)).isZero();
    // One more failure within the window blocks again at once.
    throttle.failed(attacker);
    assertThat(throttle.wait(attacker)).isEqualTo(LoginThrottle.LOCKOUT);
  }

  @Test
  void attemptsCountFromTheirBeginningSoABurstCannotOvertakeTheFailures() throws Exception {
    var throttle = new LoginThrottle(clock);
    var attacker = InetAddress.getByName("192.0.2.9");
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      assertThat(throttle.begin(attacker)).isZero();
    }
    assertThat(throttle.begin(attacker)).isPositive(); // still being checked: no sixth try
    throttle.abandoned(attacker);
    assertThat(throttle.begin(attacker)).isZero(); // one slot back
    for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
      throttle.failed(attacker);
    }
    assertThat(throttle.begin(attacker)).isEqualTo(LoginThrottle.LOCKOUT);
    now = now.plus(LoginThrottle.LOCKOUT);
    assertThat(throttle.begin(attacker)).isZero(); // after the lockout: one try at a time
    assertThat(throttle.begin(attacker)).isPositive();
    throttle.succeeded(attacker);
    assertThat(throttle.begin(attacker)).isZero();
  }

  @Test
  void anIpv6HostCannotStepThroughItsOwnSlash64() throws Exception {
    var throttle = new LoginThrottle(clock);
    for (int i = 1; i <= LoginThrottle.MAX_FAILURES; i++) {
      throttle.failed(InetAddress.getByName("2001:db8:1:2::" + i));
    }
    assertThat(throttle.wait(InetAddress.getByName("2001:db8:1:2::ffff"))).isPositive();
    assertThat(throttle.wait(InetAddress.getByName("2001:db8:1:3::1"))).isZero();
  }

  @Test
  void failuresOutsideTheWindowAndASuccessAreForgotten() throws Exception {
    var throttle = new LoginThrottle(clock);
    var user = InetAddress.getByName("192.0.2.3");
    for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
      throttle.failed(user);
    }
    now = now.plus(LoginThrottle.WINDOW).plus(Duration.ofSeconds(1));
    throttle.failed(user);
    assertThat(throttle.wait(user)).isZero();
    for (int i = 0; i < LoginThrottle.MAX_FAILURES - 2; i++) {
      throttle.failed(user);
    }
    throttle.succeeded(user);
    throttle.failed(user);
    assertThat(throttle.wait(user)).isZero();
  }
}
