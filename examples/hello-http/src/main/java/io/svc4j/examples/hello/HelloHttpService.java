package io.svc4j.examples.hello;

import ch.qos.logback.classic.LoggerContext;
import io.svc4j.cli.embed.EmbeddedService;
import io.svc4j.drain.ListenerDrain;
import io.svc4j.examples.hello.api.DemoApi;
import io.svc4j.examples.hello.api.Health;
import io.svc4j.examples.hello.api.HealthApi;
import io.svc4j.examples.hello.api.ItemsApi;
import io.svc4j.examples.hello.http.AccessLogHandler;
import io.svc4j.examples.hello.http.BearerAuthHandler;
import io.svc4j.examples.hello.http.DrainHandler;
import io.svc4j.examples.hello.http.FirstRequestGrace;
import io.svc4j.examples.hello.http.HandoffConnector;
import io.svc4j.examples.hello.http.JettyStartup;
import io.svc4j.examples.hello.http.NotFoundHandler;
import io.svc4j.examples.hello.http.PauseHandler;
import io.svc4j.examples.hello.http.RequestContextHandler;
import io.svc4j.examples.hello.http.RequestStats;
import io.svc4j.examples.hello.http.Router;
import io.svc4j.runtime.sockets.InheritedChannels;
import io.svc4j.runtime.sockets.InheritedSocket;
import io.svc4j.runtime.sockets.ListenFds;
import io.svc4j.service.Pausable;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example HTTP daemon: Jetty 12 core handlers behind the svc4j lifecycle. {@link #start}
 * returns once the port listens (the host then reports READY); {@link #stop} turns readiness off,
 * stops new connections, empties the accept queue, closes the listening socket and lets in-flight
 * requests finish within the stop deadline; {@link #pause} answers new requests with 503 until
 * {@link #resume}.
 */
public final class HelloHttpService implements Service, Reloadable, Pausable, Health {

  private static final Logger log = LoggerFactory.getLogger(HelloHttpService.class);

  /** How often the one-line status (systemd STATUS=) is refreshed; it is only sent on change. */
  private static final Duration STATUS_PERIOD = Duration.ofSeconds(5);

  /** What a paused service tells clients in {@code Retry-After}. */
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /**
   * The listen backlog. Large enough that 100 clients connecting at once never overflow it: on
   * overflow the kernel drops handshakes half-way (or answers with SYN cookies), and such
   * connections are invisible to the drain before close (see {@link ListenerDrain}).
   */
  private static final int ACCEPT_QUEUE = 1024;

  /**
   * How long the accept queue must stay empty, once new SYNs are dropped, before the listener is
   * closed: covers SYNs the kernel was already processing while the filter went in.
   */
  private static final Duration BACKLOG_QUIET = Duration.ofMillis(50);

  /**
   * How long a connection accepted during the drain may take to send its first request before the
   * stop closes it anyway (see {@link FirstRequestGrace}).
   */
  private static final Duration FIRST_REQUEST_GRACE = Duration.ofSeconds(2);

  /** Which passed socket to serve on when several are passed ({@code FileDescriptorName=}). */
  public static final String SOCKET_NAME = "http";

  private final HelloOptions options;
  private final AtomicReference<Optional<AuthToken>> token;
  private final RequestStats stats = new RequestStats();

  private volatile Server server;
  private volatile HandoffConnector connector;
  private volatile int boundPort = -1;
  private volatile InetSocketAddress inherited;
  private volatile boolean ready;
  private volatile boolean paused;
  private volatile DrainHandler drainHandler;
  private volatile ListenerDrain backlog;
  private volatile boolean hung;
  private volatile String lastStatus = "";
  private ScheduledExecutorService statusTimer;

  public HelloHttpService(HelloOptions options) {
    this.options = options;
    this.token = new AtomicReference<>(options.authTokenFile().map(AuthToken::read));
  }

  public static void main(String[] args) {
    EmbeddedService.main(args, "hello-http", HelloHttpService::fromArgs);
  }

  /** Builds the service from its command-line options; bad options fail with one line. */
  public static HelloHttpService fromArgs(List<String> args) {
    return new HelloHttpService(HelloOptions.parse(args));
  }

  @Override
  public void start(ServiceContext ctx) throws Exception {
    nameLogs(ctx.serviceName());
    JettyStartup.prepare();
    Server s = new Server();
    s.setStopAtShutdown(false); // the svc4j host owns signals and shutdown order
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    HandoffConnector c = new HandoffConnector(s, new HttpConnectionFactory(http));
    Optional<InheritedSocket> passed = ListenFds.inherited().pick(SOCKET_NAME);
    if (passed.isPresent()) {
      // Socket handoff: the manager owns the listener and keeps it open across restarts.
      ServerSocketChannel channel = InheritedChannels.open(passed.get());
      c.open(channel);
      inherited = (InetSocketAddress) channel.getLocalAddress();
      log.info(
          "using the listening socket passed by the service manager ({}, fd {}, {});"
              + " --bind/--port are not used",
          passed.get().name(),
          passed.get().fd(),
          inherited);
    } else {
      c.setHost(options.bind().getHostAddress());
      c.setPort(options.port());
      c.setAcceptQueueSize(ACCEPT_QUEUE);
    }
    s.addConnector(c);
    s.setHandler(handlers());
    try {
      s.start();
    } catch (Exception e) {
      stopQuietly(s);
      if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("start cancelled by a stop request");
      }
      throw startFailure(e);
    }
    connector = c;
    server = s;
    boundPort = c.getLocalPort();
    if (inherited == null) {
      // Found now, while few connections exist: looking it up reads /proc, slow under load.
      backlog = ListenerDrain.find(boundPort);
    }
    ready = true;
    log.info("listening on {}", baseUri());
    publishStatus(ctx);
    statusTimer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("hello-http-status").factory());
    statusTimer.scheduleWithFixedDelay(
        () -> publishStatus(ctx),
        STATUS_PERIOD.toMillis(),
        STATUS_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * The whole handler chain (request ids, access log, drain, pause, auth, routing, files), as
   * {@link #start} installs it; public for the JMH benchmark of the chain ({@code bench/jmh}).
   */
  public Handler handlers() {
    Router router = new Router();
    HealthApi.register(router, this);
    DemoApi.register(router, this, options.debugEndpoints());
    new ItemsApi().register(router);

    Handler fallback = new NotFoundHandler();
    if (options.staticDir().isPresent()) {
      ResourceHandler files = new ResourceHandler(fallback);
      files.setBaseResource(ResourceFactory.root().newResource(options.staticDir().get()));
      files.setDirAllowed(false);
      files.setEtags(true);
      files.setWelcomeFiles(List.of("index.html"));
      files.setWelcomeMode(org.eclipse.jetty.server.ResourceService.WelcomeMode.SERVE);
      // Revalidate every time: ETag/Last-Modified make that a cheap 304.
      files.setCacheControl("no-cache");
      fallback = files;
    }
    Handler app = new Handler.Sequence(router, fallback);
    // Order: ids first (everything after logs with them), then the access log (so it sees 401s
    // and shutdown/pause 503s), then drain tracking, then pause, then auth.
    drainHandler =
        new DrainHandler(
            new PauseHandler(() -> paused, RETRY_AFTER, new BearerAuthHandler(token::get, app)));
    return new RequestContextHandler(new AccessLogHandler(stats, drainHandler));
  }

  private Exception startFailure(Exception e) {
    String where = options.bind().getHostAddress() + ":" + options.port();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return new IOException(
            "cannot listen on "
                + where
                + ": "
                + t.getMessage()
                + " (is another process using the port? choose another with --port)",
            e);
      }
    }
    return new IOException("cannot start the HTTP server on " + where + ": " + e, e);
  }

  @Override
  public void stop(ServiceContext ctx) throws Exception {
    ready = false;
    Server s = server;
    if (statusTimer != null) {
      statusTimer.shutdownNow();
    }
    if (s == null) {
      return; // start never got as far as listening
    }
    long deadline = ctx.stopDeadline().toMillis();
    // Keep a margin of the deadline for closing connections and exiting the JVM.
    long drain = Math.max(100, deadline - Math.min(2_000, deadline / 5));
    long began = System.nanoTime();
    long inFlight = stats.inFlight();
    log.info(
        "stopping: not ready any more, no new connections, draining {} in-flight requests"
            + " for up to {} ms",
        inFlight,
        drain);
    ctx.status("stopping: draining " + inFlight + " in-flight requests");
    DrainHandler requests = drainHandler;
    if (requests != null) {
      // A request on a connection accepted before the listener closed is still served (with
      // Connection: close) while the drain lasts; only one arriving after it gets the 503.
      requests.serveUntil(began + drain * 1_000_000);
    }
    if (inherited != null) {
      handOver(Duration.ofMillis(Math.min(2_000, drain / 5)));
    } else {
      // From here every request is the last of its connection (Connection: close).
      shutDownTracker(requests);
      emptyTheAcceptQueue(Duration.ofMillis(Math.min(2_000, drain / 5)));
      // The queue is empty: closing the listener now resets nobody; late clients are refused.
      connector.close();
    }
    long silent =
        FirstRequestGrace.await(
            connector, FIRST_REQUEST_GRACE, Duration.ofMillis(Math.min(2_000, drain / 5)));
    if (silent > 0) {
      log.info("stopping: closing {} connections that sent no request", silent);
    }
    shutDownTracker(requests); // a no-op when already shut down
    log.debug("stopping: listener closed, {} requests in flight", stats.inFlight());
    s.setStopTimeout(Math.max(100, drain - (System.nanoTime() - began) / 1_000_000));
    try {
      s.stop();
    } catch (TimeoutException e) {
      // Requests still running past the drain budget were cut off: say so, but the stop itself
      // worked, and the host's own deadline has not passed.
      log.warn(
          "drain did not finish within {} ms: {} requests were cut off", drain, stats.inFlight());
    }
    log.info("stopped after {} requests", stats.total());
  }

  /**
   * Shuts the request tracker down: from here the server's stop waits for the requests it counts,
   * and each later request is the last one of its connection.
   */
  private static void shutDownTracker(DrainHandler requests) {
    if (requests != null && !requests.isShutdown()) {
      requests.shutdown();
      log.info(
          "stopping: requests still arriving on accepted connections are served, each with"
              + " Connection: close");
    }
  }

  /**
   * With a passed socket the manager keeps the listener open: closing this process's copy only
   * stops accepting, and the connections still queued wait in the kernel for the next instance. So
   * nothing is dropped or refused, and the requests on connections already accepted are served in
   * full (the 503 of a plain stop would be a failed request that the next instance could have
   * answered). No socket filter either: it would stay on the shared socket.
   */
  private void handOver(Duration budget) throws InterruptedException {
    connector.close();
    if (!connector.awaitAcceptedOpen(budget)) {
      log.warn(
          "stopping: connections accepted before the close were not all open after {}", budget);
    }
    log.info("stopping: stopped accepting; queued connections wait for the next instance");
  }

  /**
   * Closing a listener resets the connections in its accept queue. So before it is closed: drop new
   * SYNs, keep accepting (each accepted request is served, with Connection: close) until the queue
   * stays empty and no handshake is half-way. Where that is not possible (not Linux) the listener
   * is closed at once, as Jetty does by itself.
   */
  private void emptyTheAcceptQueue(Duration budget) throws InterruptedException {
    ListenerDrain backlog = this.backlog;
    if (backlog == null || !backlog.stopNewConnections()) {
      log.info(
          "stopping: the listener closes with its accept queue as it is ({})",
          backlog == null ? "no listener" : backlog.unsupportedReason().orElse("?"));
      return;
    }
    long began = System.nanoTime();
    long queued = backlog.queued();
    if (backlog.awaitEmpty(BACKLOG_QUIET, budget)) {
      log.info(
          "stopping: new connections are dropped; the {} queued were accepted within {} ms",
          queued,
          (System.nanoTime() - began) / 1_000_000);
    } else {
      log.warn(
          "stopping: {} connections still queued after {} ms; closing the listener resets them",
          backlog.queued() + Math.max(0, backlog.halfOpen()),
          budget.toMillis());
    }
  }

  @Override
  public void pause(ServiceContext ctx) {
    paused = true;
    log.info("paused: new requests get 503 until resumed; {} in flight finish", stats.inFlight());
    publishStatus(ctx);
  }

  @Override
  public void resume(ServiceContext ctx) {
    paused = false;
    log.info("resumed: serving requests again");
    publishStatus(ctx);
  }

  @Override
  public void reload(ServiceContext ctx) {
    Optional<java.nio.file.Path> file = options.authTokenFile();
    if (file.isEmpty()) {
      log.info("reload: no --auth-token-file configured, nothing to re-read");
      return;
    }
    // A bad file throws here and the host keeps the previous token.
    token.set(Optional.of(AuthToken.read(file.get())));
    log.info("reload: auth token re-read from {}", file.get());
  }

  @Override
  public boolean isAlive() {
    Server s = server;
    return !hung && s != null && s.isRunning();
  }

  @Override
  public boolean isReady() {
    return ready && !paused;
  }

  @Override
  public void hang() {
    hung = true;
  }

  /**
   * The port the server listens (or listened) on, useful with {@code --port 0}; -1 before start.
   */
  public int port() {
    return boundPort;
  }

  /** The base URI of the running server, e.g. {@code http://127.0.0.1:8080}. */
  public URI baseUri() {
    InetSocketAddress passed = inherited;
    String host =
        passed != null ? passed.getAddress().getHostAddress() : options.bind().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  public RequestStats stats() {
    return stats;
  }

  private void publishStatus(ServiceContext ctx) {
    if (!ready) {
      return;
    }
    long total = stats.total();
    String text =
        (paused ? "paused (new requests get 503) on " : "listening on ")
            + baseUri()
            + ", "
            + total
            + (total == 1 ? " request" : " requests");
    if (hung) {
      text += ", HUNG (debug)";
    }
    if (!text.equals(lastStatus)) {
      lastStatus = text;
      ctx.status(text);
    }
  }

  /** Names the {@code service} field of every JSON log line after the installed service. */
  private static void nameLogs(String serviceName) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.putProperty("service", serviceName);
    }
  }

  private static void stopQuietly(Server s) {
    try {
      s.stop();
    } catch (Exception e) {
      log.debug("cleanup after failed start: {}", e.toString());
    }
  }
}
