package io.svc4j.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /login}: a user name and password (users file) or a token, checked by {@link Access};
 * throttled per address by {@link LoginThrottle}. The audit log names the user (only names that
 * exist in the users file, so a password typed into the name field is never written) and the
 * address; no password or token is ever logged.
 */
final class Login {

  private static final Logger audit = LoggerFactory.getLogger("io.svc4j.console.audit");

  private final Access access;
  private final Sessions sessions;
  private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
  final HashingGate gate = new HashingGate();

  Login(Access access, Sessions sessions) {
    this.access = access;
    this.sessions = sessions;
  }

  void handle(HttpExchange ex) throws IOException {
    InetAddress address = ex.getRemoteAddress().getAddress();
    String from = address.getHostAddress();
    Duration wait = throttle.begin(address);
    if (!wait.isZero()) {
      long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
      audit.warn("console login refused from {}: too many failed logins", from);
      ex.getResponseHeaders().set("Retry-After", String.valueOf(seconds));
      ConsoleServer.html(
          ex,
          429,
          LoginPage.html(access, "too many failed logins; try again in " + seconds + " s"),
          null);
      return;
    }
    Form form;
    Optional<Optional<Access.Principal>> checked;
    try {
      form = Form.read(ex);
      checked =
          gate.through(
              () -> access.authenticate(form.user(), form.password().toCharArray(), form.token()));
    } catch (IOException | RuntimeException e) {
      throttle.abandoned(address);
      throw e;
    }
    if (checked.isEmpty()) {
      throttle.abandoned(address);
      audit.warn("console login refused from {}: too many logins being checked", from);
      ex.getResponseHeaders().set("Retry-After", "5");
      ConsoleServer.html(
          ex, 503, LoginPage.html(access, "too many logins at once; try again in 5 s"), null);
      return;
    }
    Optional<Access.Principal> who = checked.get();
    if (who.isEmpty()) {
      throttle.failed(address);
      if (form.user().isEmpty()) {
        audit.warn("console login refused from {}", from);
      } else if (access.isUser(form.user())) {
        audit.warn("console login refused for user {} from {}", form.user(), from);
      } else {
        audit.warn("console login refused for an unknown user from {}", from);
      }
      String problem = form.user().isEmpty() ? "wrong token" : "wrong user or password";
      ConsoleServer.html(ex, 403, LoginPage.html(access, problem), null);
      return;
    }
    throttle.succeeded(address);
    var session = sessions.create(who.get().role(), who.get().who());
    audit.info("console login as {} from {}", who.get().who(), from);
    ex.getResponseHeaders().add("Set-Cookie", Sessions.setCookie(session));
    ex.getResponseHeaders().set("Location", "/");
    ex.sendResponseHeaders(303, -1);
  }

  /**
   * {@code POST /logout} with the session's CSRF token as the form field {@code csrf}: ends the
   * session on the server (its cookie is then worthless, also if it was copied) and clears it in
   * the browser.
   */
  void logout(HttpExchange ex) throws IOException {
    Optional<Sessions.Session> session = sessions.find(ex.getRequestHeaders().getFirst("Cookie"));
    String csrf;
    try (InputStream in = ex.getRequestBody()) {
      csrf = field(new String(in.readNBytes(4096), StandardCharsets.UTF_8), "csrf");
    }
    String from = ex.getRemoteAddress().getAddress().getHostAddress();
    if (session.isEmpty() || !Sessions.same(csrf, session.get().csrf())) {
      audit.warn("console logout refused: no session or wrong CSRF token, from {}", from);
      ConsoleServer.html(ex, 403, LoginPage.html(access, ""), null);
      return;
    }
    sessions.remove(session.get());
    audit.info("console logout of {} from {}", session.get().who(), from);
    ex.getResponseHeaders().add("Set-Cookie", Sessions.clearCookie(session.get().secure()));
    ex.getResponseHeaders().set("Location", "/");
    ex.sendResponseHeaders(303, -1);
  }

  /** One field of a form body; empty when absent or not decodable. */
  private static String field(String body, String name) {
    for (String pair : body.split("&")) {
      if (pair.startsWith(name + "=")) {
        try {
          return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return "";
        }
      }
    }
    return "";
  }

  /** The login form's fields; absent ones are empty. */
  private record Form(String user, String password, String token) {

    static Form read(HttpExchange ex) throws IOException {
      String body;
      try (InputStream in = ex.getRequestBody()) {
        body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      }
      String user = "";
      String password = "";
      String token = "";
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String value;
        try {
          value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          continue; // a broken escape: as if the field were absent
        }
        switch (pair.substring(0, eq)) {
          case "user" -> user = value.strip();
          case "password" -> password = value;
          case "token" -> token = value;
          default -> {}
        }
      }
      return new Form(user, password, token);
    }
  }
}
