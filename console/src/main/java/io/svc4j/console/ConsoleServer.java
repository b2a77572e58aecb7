package io.svc4j.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.svc4j.supervisor.config.ChildNames;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlProtocol;
import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP side (the JDK's built-in server, one virtual thread per request): the page,
 * its script, the services as JSON, a log tail as server-sent events, and the actions.
 *
 * <p>Every request must name the console itself in its {@code Host} header (no DNS rebinding);
 * every API call needs a session; an action also needs the operator role, the session's CSRF token
 * in {@code X-CSRF-Token}, and, when the browser sends one, an {@code Origin} of the console.
 * Actions are written to the log with the role and the remote address.
 */
final class ConsoleServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
  private static final Logger audit = LoggerFactory.getLogger("io.svc4j.console.audit");
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(120);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ServiceSource services;
  private final Sessions sessions = new Sessions();
  private final Optional<String> operatorToken;
  private final Optional<String> viewerToken;
  private volatile boolean open = true;

  private ConsoleServer(
      HttpServer server,
      ExecutorService executor,
      ServiceSource services,
      Optional<String> operatorToken,
      Optional<String> viewerToken) {
    this.server = server;
    this.executor = executor;
    this.services = services;
    this.operatorToken = operatorToken;
    this.viewerToken = viewerToken;
  }

  static ConsoleServer start(ConsoleOptions options, ServiceSource services) throws IOException {
    Optional<String> operator =
        options.operatorTokenFile().map(f -> ConsoleOptions.readToken(f, "--token-file"));
    Optional<String> viewer =
        options.viewerTokenFile().map(f -> ConsoleOptions.readToken(f, "--viewer-token-file"));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
    } catch (java.net.BindException e) {
      throw new IllegalArgumentException(
          "cannot listen on "
              + options.bind().getHostAddress()
              + ":"
              + options.port()
              + ": "
              + e.getMessage()
              + "; choose another --port");
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    var console = new ConsoleServer(server, executor, services, operator, viewer);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            console.handle(exchange);
          } catch (RuntimeException | IOException e) {
            log.debug("console request failed: {}", e.toString());
          }
        });
    server.start();
    return console;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    if (!hostIsConsole(ex)) {
      text(ex, 421, "this console answers only to its own address (Host header)\n");
      return;
    }
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.equals("/static/console.js") || path.equals("/static/console.css")) {
      resource(ex, path.substring("/static/".length()));
      return;
    }
    if (path.equals("/login") && method.equals("POST")) {
      login(ex);
      return;
    }
    Optional<Sessions.Session> session = sessions.find(ex.getRequestHeaders().getFirst("Cookie"));
    if (path.equals("/") && method.equals("GET")) {
      if (session.isEmpty()) {
        if (authRequired()) {
          html(ex, 200, Page.login(""), null);
          return;
        }
        // Loopback without tokens: whoever can reach the port is trusted like a local shell.
        session = Optional.of(sessions.create(Role.OPERATOR));
      }
      html(ex, 200, Page.index(session.get()), session.get());
      return;
    }
    if (session.isEmpty()) {
      json(ex, 401, Map.of("error", "not logged in: open the console's page first"));
      return;
    }
    List<String> parts = List.of(path.substring(1).split("/"));
    if (parts.size() == 2 && parts.get(0).equals("api") && parts.get(1).equals("services")) {
      requireGet(ex);
      json(
          ex,
          200,
          services.names().stream()
              .map(n -> ServiceView.read(n, services.controlSocket(n)))
              .toList());
      return;
    }
    if (parts.size() == 4 && parts.get(0).equals("api") && parts.get(1).equals("services")) {
      String name = parts.get(2);
      if (!ChildNames.isValid(name) || !services.names().contains(name)) {
        json(ex, 404, Map.of("error", "no service named " + name));
        return;
      }
      String what = parts.get(3);
      if (what.equals("logs") && method.equals("GET")) {
        tail(ex, name);
        return;
      }
      act(ex, session.get(), name, what);
      return;
    }
    json(ex, 404, Map.of("error", "not found: " + path));
  }

  private boolean authRequired() {
    return operatorToken.isPresent() || viewerToken.isPresent();
  }

  private void login(HttpExchange ex) throws IOException {
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
    String token = "";
    for (String pair : body.split("&")) {
      if (pair.startsWith("token=")) {
        token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    Role role = null;
    if (operatorToken.isPresent() && Sessions.same(token, operatorToken.get())) {
      role = Role.OPERATOR;
    } else if (viewerToken.isPresent() && Sessions.same(token, viewerToken.get())) {
      role = Role.VIEWER;
    }
    String from = ex.getRemoteAddress().getAddress().getHostAddress();
    if (role == null) {
      audit.warn("console login refused from {}", from);
      html(ex, 403, Page.login("wrong token"), null);
      return;
    }
    var session = sessions.create(role);
    audit.info("console login as {} from {}", role, from);
    ex.getResponseHeaders().add("Set-Cookie", Sessions.setCookie(session));
    ex.getResponseHeaders().set("Location", "/");
    ex.sendResponseHeaders(303, -1);
  }

  private void act(HttpExchange ex, Sessions.Session session, String name, String what)
      throws IOException {
    String from = ex.getRemoteAddress().getAddress().getHostAddress();
    if (!ex.getRequestMethod().equals("POST")) {
      json(ex, 405, Map.of("error", "actions are POST requests"));
      return;
    }
    SupervisorCommand command =
        switch (what) {
          case "start" -> SupervisorCommand.START;
          case "stop" -> SupervisorCommand.STOP;
          case "restart" -> SupervisorCommand.RESTART;
          case "reload" -> SupervisorCommand.RELOAD;
          default -> null;
        };
    if (command == null) {
      json(ex, 404, Map.of("error", "no action " + what + "; use start, stop, restart or reload"));
      return;
    }
    if (!session.role().mayAct()) {
      audit.warn("console: {} {} refused: read-only role, from {}", what, name, from);
      json(ex, 403, Map.of("error", "read-only role: actions are not allowed"));
      return;
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (!Sessions.same(ex.getRequestHeaders().getFirst("X-CSRF-Token"), session.csrf())
        || (origin != null && !originIsConsole(origin))) {
      audit.warn("console: {} {} refused: missing or wrong CSRF token, from {}", what, name, from);
      json(ex, 403, Map.of("error", "missing or wrong CSRF token: reload the page"));
      return;
    }
    audit.info("console: {} {} by {} from {}", what, name, session.role(), from);
    ControlReply reply;
    try {
      reply = ControlClient.send(services.controlSocket(name), command, ACTION_TIMEOUT);
    } catch (IOException | UnsupportedOperationException e) {
      audit.warn("console: {} {} failed: {}", what, name, e.getMessage());
      json(ex, 502, Map.of("error", "the supervisor of " + name + " did not answer: " + e));
      return;
    }
    audit.info(
        "console: {} {}: {}",
        what,
        name,
        reply.ok() ? reply.message() : "failed: " + reply.error());
    json(
        ex,
        reply.ok() ? 200 : 502,
        reply.ok()
            ? Map.of("ok", true, "message", String.valueOf(reply.message()))
            : Map.of("ok", false, "error", String.valueOf(reply.error())));
  }

  private void tail(HttpExchange ex, String name) throws IOException {
    ControlReply reply;
    try {
      reply =
          ControlClient.send(
              services.controlSocket(name), SupervisorCommand.STATUS, ServiceView.TIMEOUT);
    } catch (IOException | UnsupportedOperationException e) {
      json(ex, 404, Map.of("error", "no supervisor of " + name + " answers"));
      return;
    }
    if (!reply.ok() || reply.status() == null || reply.status().stdoutLog() == null) {
      json(ex, 404, Map.of("error", name + " does not capture its output to files"));
      return;
    }
    LogTail.stream(ex, Path.of(reply.status().stdoutLog()), () -> open);
  }

  private boolean hostIsConsole(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    int port = port();
    return host != null
        && (host.equals("127.0.0.1:" + port)
            || host.equals("localhost:" + port)
            || host.equals("[::1]:" + port));
  }

  private boolean originIsConsole(String origin) {
    int port = port();
    return origin.equals("http://127.0.0.1:" + port)
        || origin.equals("http://localhost:" + port)
        || origin.equals("http://[::1]:" + port);
  }

  private static void requireGet(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("GET")) {
      throw new IOException("method not allowed");
    }
  }

  private void resource(HttpExchange ex, String name) throws IOException {
    try (InputStream in = ConsoleServer.class.getResourceAsStream("static/" + name)) {
      byte[] body = in.readAllBytes();
      ex.getResponseHeaders()
          .set(
              "Content-Type",
              name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void html(HttpExchange ex, int status, String page, Sessions.Session session)
      throws IOException {
    if (session != null) {
      ex.getResponseHeaders().add("Set-Cookie", Sessions.setCookie(session));
    }
    // The page runs only its own script; no frame may embed it (clickjacking).
    ex.getResponseHeaders()
        .set(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'");
    ex.getResponseHeaders().set("X-Frame-Options", "DENY");
    send(ex, status, "text/html; charset=utf-8", page);
  }

  private static void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json", ControlProtocol.JSON.writeValueAsString(value));
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/plain; charset=utf-8", body);
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    open = false;
    server.stop(0);
    executor.shutdownNow();
  }
}
