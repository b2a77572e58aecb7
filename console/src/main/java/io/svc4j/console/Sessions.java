package io.svc4j.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
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

  /** One browser's session. */
  record Session(String id, Role role, String csrf) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Session create(Role role) {
    var s = new Session(randomHex(), role, randomHex());
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
        return Optional.ofNullable(sessions.get(p.substring(COOKIE.length() + 1)));
      }
    }
    return Optional.empty();
  }

  static String setCookie(Session s) {
    return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict";
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
