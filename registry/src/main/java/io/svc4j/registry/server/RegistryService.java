package io.svc4j.registry.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.svc4j.metrics.PrometheusMetrics;
import io.svc4j.registry.engine.EvictionBudget;
import io.svc4j.registry.engine.MemoryStore;
import io.svc4j.registry.engine.RegistryMetrics;
import io.svc4j.registry.engine.Store;
import io.svc4j.registry.http.Access;
import io.svc4j.registry.http.JsonErrorHandler;
import io.svc4j.registry.http.RegistryApi;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import java.io.IOException;
import java.net.BindException;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry server as a svc4j {@link Service}: start returns once the port listens (the host
 * then reports READY), stop turns /readyz off, ends event streams and blocking queries, and closes
 * the store. Its status line carries the store's counts and held-back evictions.
 */
public final class RegistryService implements Service {

  private static final Logger log = LoggerFactory.getLogger(RegistryService.class);

  private final RegistryServerOptions options;
  private Server server;
  private Store store;
  private RegistryApi api;
  private PrometheusMetrics exposition;
  private ScheduledExecutorService statusTimer;
  private volatile int boundPort = -1;

  public RegistryService(RegistryServerOptions options) {
    this.options = options;
  }

  public int port() {
    return boundPort;
  }

  @Override
  public void start(ServiceContext ctx) throws Exception {
    Access access =
        options
            .tokenFile()
            .map(f -> Access.withToken(TokenFile.readOrCreate(f), options.openReads()))
            .orElse(Access.open());
    RegistryMetrics metrics = new RegistryMetrics();
    // JVM, process_* and svc4j_build_info next to the registry's own meters.
    exposition = PrometheusMetrics.create("registry");
    PrometheusMeterRegistry prometheus = exposition.registry();
    metrics.bindTo(prometheus);
    store = createStore(metrics);
    store.start();

    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("registry-http");
    // Blocking queries and event streams park a thread each: virtual threads make that cheap.
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server s = new Server(pool);
    s.setStopAtShutdown(false);
    s.setStopTimeout(2000);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector c = new ServerConnector(s, new HttpConnectionFactory(http));
    c.setHost(options.bind().getHostAddress());
    c.setPort(options.port());
    c.setIdleTimeout(6 * 60_000); // longer than the longest blocking query
    c.setAcceptQueueSize(1024); // a registry back from a pause gets every client at once
    s.addConnector(c);
    api = new RegistryApi(store, access, metrics, prometheus);
    s.setHandler(api);
    s.setErrorHandler(new JsonErrorHandler());
    try {
      s.start();
    } catch (IOException e) {
      s.stop();
      store.close();
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new IllegalStateException(
            "cannot listen on "
                + options.bind().getHostAddress()
                + ":"
                + options.port()
                + ": the port is in use or not allowed; pick another with --port");
      }
      throw e;
    }
    server = s;
    boundPort = c.getLocalPort();
    api.ready(true);
    log.info(
        "registry listening on http://{}:{} (store {}, {})",
        options.bind().getHostAddress(),
        boundPort,
        options.store(),
        access.tokenRequired() ? "writes need the token" : "loopback, no token");
    ctx.status("listening on port " + boundPort + "; " + store.describe());
    statusTimer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("registry-status").factory());
    statusTimer.scheduleWithFixedDelay(
        () -> ctx.status("listening on port " + boundPort + "; " + store.describe()),
        5,
        5,
        TimeUnit.SECONDS);
  }

  private Store createStore(RegistryMetrics metrics) {
    EvictionBudget budget = new EvictionBudget(options.evictionBudgetPercent());
    if (options.store() == RegistryServerOptions.StoreKind.memory) {
      return MemoryStore.create(budget, metrics);
    }
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
      if (p.kind() == options.store()) {
        return p.create(options, metrics);
      }
    }
    throw new IllegalArgumentException(
        "--store "
            + options.store()
            + " is not available in this build (svc4j-registry-etcd missing)");
  }

  @Override
  public void stop(ServiceContext ctx) throws Exception {
    if (statusTimer != null) {
      statusTimer.shutdownNow();
    }
    if (api != null) {
      api.ready(false);
      api.closeStreams();
    }
    if (store != null) {
      store.changes().close(); // wakes blocking queries so they answer before the server stops
    }
    if (server != null) {
      server.stop();
    }
    if (store != null) {
      store.close();
    }
    if (exposition != null) {
      exposition.close();
    }
  }
}
