package io.svc4j.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.svc4j.console.logs.LogApi;
import io.svc4j.console.registry.RegistryView;
import io.svc4j.supervisor.config.ChildNames;
import io.svc4j.supervisor.control.ControlProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
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
  // The page's own files, and uPlot (vendored: static/uPlot.LICENSE).
  private static final java.util.Set<String> STATIC =
      java.util.Set.of(
          "console.js",
          "console.css",
          "logview.js",
          "registry.js",
          "selection.js",
          "usage.js",
          "uPlot.iife.min.js",
          "uPlot.min.css");

  private final HttpServer server;
  private final ExecutorService executor;
  private final ServiceSource services;
  private final Access access;
  private final Sessions sessions;
  final Login login; // package-private: tests read its gate
  private final ConsoleAddresses addresses;
  private final ServiceActions actions;
  private final UsageHistory usage;
  private volatile boolean open = true;
  private final LogApi logs = new LogApi(() -> open);
  private volatile Supplier<RegistryView.Snapshot> registry = RegistryView::none;

  private ConsoleServer(
      HttpServer server,
      ExecutorService executor,
      ServiceSource services,
      Access access,
      ConsoleOptions options) {
    this.server = server;
    this.executor = executor;
    this.services = services;
    this.access = access;
    this.sessions = new Sessions(access.tls().isPresent());
    this.login = new Login(access, sessions);
    this.addresses =
        new ConsoleAddresses(
            options.bind(),
            server.getAddress().getPort(),
            access.tls().isPresent(),
            access.tls().map(TlsContext::names).orElse(java.util.Set.of()));
    this.actions = new ServiceActions(services);
    this.usage = new UsageHistory(services).start();
  }

  static ConsoleServer start(ConsoleOptions options, ServiceSource services) throws IOException {
    Access access = Access.load(options);
    HttpServer server = Listener.open(options, access);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    var console = new ConsoleServer(server, executor, services, access, options);
    server
        .createContext(
            "/",
            exchange -> {
              try (exchange) {
                console.handle(exchange);
              } catch (RuntimeException | IOException e) {
                log.debug("console request failed: {}", e.toString());
              }
            })
        .getFilters()
        .add(access.allowList()); // before any handler: others get 403
    server.start();
    return console;
  }

  /** What the page's registry section shows (a console without a registry shows none). */
  void registry(Supplier<RegistryView.Snapshot> snapshot) {
    registry = snapshot;
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
    if (path.startsWith("/static/") && STATIC.contains(path.substring("/static/".length()))) {
      resource(ex, path.substring("/static/".length()));
      return;
    }
    if (path.equals("/login") && method.equals("POST")) {
      login.handle(ex);
      return;
    }
    if (path.equals("/logout") && method.equals("POST")) {
      login.logout(ex);
      return;
    }
    Optional<Sessions.Session> session = sessions.find(ex.getRequestHeaders().getFirst("Cookie"));
    if (path.equals("/") && method.equals("GET")) {
      if (session.isEmpty()) {
        if (access.authRequired()) {
          html(ex, 200, LoginPage.html(access, ""), null);
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
      json(ex, 200, services.names().stream().map(n -> ServiceView.read(n, services)).toList());
      return;
    }
    if (parts.equals(List.of("api", "registry"))) {
      requireGet(ex);
      json(ex, 200, registry.get());
      return;
    }
    boolean logView = parts.size() >= 4 && parts.size() <= 5 && parts.get(3).equals("logs");
    if ((parts.size() == 4 || logView)
        && parts.get(0).equals("api")
        && parts.get(1).equals("services")) {
      String name = parts.get(2);
      if (!ChildNames.isValid(name) || !services.names().contains(name)) {
        json(ex, 404, Map.of("error", "no service named " + name));
        return;
      }
      String what = parts.get(3);
      if (logView) {
        logs.handle(ex, services.controlSocket(name), name, parts.size() == 5 ? parts.get(4) : "");
        return;
      }
      if (what.equals("usage") && method.equals("GET")) {
        json(ex, 200, usage.series(name));
        return;
      }
      act(ex, session.get(), name, what);
      return;
    }
    if (parts.equals(List.of("api", "actions"))) {
      actOnSelection(ex, session.get());
      return;
    }
    json(ex, 404, Map.of("error", "not found: " + path));
  }

  private void act(HttpExchange ex, Sessions.Session session, String name, String what)
      throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      json(ex, 405, Map.of("error", "actions are POST requests"));
      return;
    }
    Optional<ActionKind> action = ActionKind.ofWire(what);
    if (action.isEmpty()) {
      json(ex, 404, Map.of("error", "no action " + what + "; " + ActionKind.choices()));
      return;
    }
    if (!mayAct(ex, session, what + " " + name)) {
      return;
    }
    ActionResult result = actions.perform(name, action.get(), who(ex, session));
    json(ex, result.ok() ? 200 : 502, result);
  }

  /** {@code POST /api/actions} with {@code {"action":"restart","services":["a","b"]}}. */
  private void actOnSelection(HttpExchange ex, Sessions.Session session) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      json(ex, 405, Map.of("error", "actions are POST requests"));
      return;
    }
    SelectionRequest request;
    try (InputStream in = ex.getRequestBody()) {
      request = ControlProtocol.JSON.readValue(in.readNBytes(65536), SelectionRequest.class);
    } catch (IOException e) {
      json(ex, 400, Map.of("error", "send {\"action\": ..., \"services\": [...]} as JSON"));
      return;
    }
    Optional<ActionKind> action = ActionKind.ofWire(String.valueOf(request.action()));
    List<String> names = request.services() == null ? List.of() : request.services();
    if (action.isEmpty() || names.isEmpty()) {
      json(ex, 400, Map.of("error", "name an action (" + ActionKind.choices() + ") and services"));
      return;
    }
    List<String> known = services.names();
    for (String name : names) {
      if (!ChildNames.isValid(name) || !known.contains(name)) {
        json(ex, 404, Map.of("error", "no service named " + name));
        return;
      }
    }
    if (!mayAct(ex, session, request.action() + " " + String.join(", ", names))) {
      return;
    }
    json(ex, 200, actions.performAll(names, action.get(), who(ex, session)));
  }

  /** The JSON body of an action on a selection of services. */
  record SelectionRequest(String action, List<String> services) {}

  /**
   * Who acts, for the audit log: the user ({@code alice (operator)}) or, for a token, the role; and
   * the remote address.
   */
  private static String who(HttpExchange ex, Sessions.Session session) {
    return session.who() + " from " + ex.getRemoteAddress().getAddress().getHostAddress();
  }

  /**
   * Whether this session may act: the operator role, its CSRF token, and an Origin of the console
   * (when the browser sends one). Otherwise answers 403 and writes the refusal to the audit log.
   */
  private boolean mayAct(HttpExchange ex, Sessions.Session session, String what)
      throws IOException {
    String from = ex.getRemoteAddress().getAddress().getHostAddress();
    if (!session.role().mayAct()) {
      audit.warn("console: {} refused: read-only role of {}, from {}", what, session.who(), from);
      json(ex, 403, Map.of("error", "read-only role: actions are not allowed"));
      return false;
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (!Sessions.same(ex.getRequestHeaders().getFirst("X-CSRF-Token"), session.csrf())
        || (origin != null && !originIsConsole(origin))) {
      audit.warn("console: {} refused: missing or wrong CSRF token, from {}", what, from);
      json(ex, 403, Map.of("error", "missing or wrong CSRF token: reload the page"));
      return false;
    }
    return true;
  }

  private boolean hostIsConsole(HttpExchange ex) {
    return addresses.isHost(ex.getRequestHeaders().getFirst("Host"));
  }

  private boolean originIsConsole(String origin) {
    return addresses.isOrigin(origin);
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

  static void html(HttpExchange ex, int status, String page, Sessions.Session session)
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
    usage.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
