package io.svc4j.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in browsers: a random session id in an HttpOnly, SameSite=Strict cookie, and per session a
 * random CSRF token that every action must send back in the {@code X-CSRF-Token} header.
 */
final class Sessions {

  static final String COOKIE = "svc4j_console";

  /**
   * One browser's session.
   *
   * @param who how the audit log names whoever logged in ({@code alice (operator)}, or the role for
   *     a token)
   * @param secure whether the console serves HTTPS, so the cookie is never sent over plain HTTP
   * @param expires when the session ends and its browser must log in again
   * @param loggedIn whether it began with a login (and so can end with a logout)
   */
  record Session(
      String id,
      Role role,
      String csrf,
      String who,
      boolean secure,
      Instant expires,
      boolean loggedIn) {}

  /** How long a login lasts: a working day, so a stolen cookie does not work forever. */
  static final Duration LIFETIME = Duration.ofHours(12);

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final boolean secure;
  private final Clock clock;

  Sessions() {
    this(false);
  }

  Sessions(boolean secure) {
    this(secure, Clock.systemUTC());
  }

  Sessions(boolean secure, Clock clock) {
    this.secure = secure;
    this.clock = clock;
  }

  /** A session without a login (loopback, no authentication configured). */
  Session create(Role role) {
    return create(role, role.name(), false);
  }

  /** A session after a login. */
  Session create(Role role, String who) {
    return create(role, who, true);
  }

  private Session create(Role role, String who, boolean loggedIn) {
    Instant now = clock.instant();
    // Forget ended sessions now and then, so that page loads cannot grow the map forever.
    if (sessions.size() >= 1024) {
      sessions.values().removeIf(old -> !old.expires().isAfter(now));
    }
    var s = new Session(randomHex(), role, randomHex(), who, secure, now.plus(LIFETIME), loggedIn);
    sessions.put(s.id(), s);
    return s;
  }

  /** The session named by the request's {@code Cookie} header, if any. */
  Optional<Session> find(String cookieHeader) {
    if (cookieHeader == null) {
      return Optional.empty();
    }
    for (String part : cookieHeader.split(";")) {
      String p = part.strip();
      if (p.startsWith(COOKIE + "=")) {
        String id = p.substring(COOKIE.length() + 1);
        Session s = sessions.get(id);
        if (s != null && !s.expires().isAfter(clock.instant())) {
          sessions.remove(id);
          return Optional.empty();
        }
        return Optional.ofNullable(s);
      }
    }
    return Optional.empty();
  }

  /** Ends {@code s}: its cookie no longer names a session. */
  void remove(Session s) {
    sessions.remove(s.id());
  }

  /** A {@code Set-Cookie} value that makes the browser forget its session cookie. */
  static String clearCookie(boolean secure) {
    return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  static String setCookie(Session s) {
    return COOKIE
        + "="
        + s.id()
        + "; Path=/; HttpOnly; SameSite=Strict"
        + (s.secure() ? "; Secure" : "");
  }

  /** Compares in constant time (no timing oracle on tokens). */
  static boolean same(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private String randomHex() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
