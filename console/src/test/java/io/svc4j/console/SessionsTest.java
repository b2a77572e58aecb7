package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Sessions end after {@link Sessions#LIFETIME}; their cookie is Secure under TLS. */
class SessionsTest {

  private Instant now = Instant.parse("2026-12-01T09:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void aSessionEndsAfterItsLifetime() {
    var sessions = new Sessions(true, clock);
    var s = sessions.create(Role.VIEWER, "bob (viewer)");
    String cookie = "other=1; " + Sessions.COOKIE + "=" + s.id();
    assertThat(sessions.find(cookie)).contains(s);
    now = now.plus(Sessions.LIFETIME).minusSeconds(1);
    assertThat(sessions.find(cookie)).contains(s);
    now = now.plusSeconds(1);
    assertThat(sessions.find(cookie)).isEmpty();
    assertThat(sessions.find(Sessions.COOKIE + "=" + "0".repeat(48))).isEmpty();
  }

  @Test
  void theCookieIsSecureOnlyUnderTls() {
    assertThat(Sessions.setCookie(new Sessions(true, clock).create(Role.OPERATOR)))
        .endsWith("; Path=/; HttpOnly; SameSite=Strict; Secure");
    assertThat(Sessions.setCookie(new Sessions(false, clock).create(Role.OPERATOR)))
        .endsWith("; Path=/; HttpOnly; SameSite=Strict");
  }
}
