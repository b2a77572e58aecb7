package io.svc4j.console;

import io.svc4j.console.registry.RegistryView;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import java.util.Optional;

/**
 * The web console as a hosted svc4j service ({@code svc4j console}; installable like any other):
 * start listens, stop closes the listener and ends open log tails.
 */
public final class ConsoleService implements Service {

  private final ConsoleOptions options;
  private final ServiceSource services;
  private volatile ConsoleServer server;
  private Optional<RegistryClient> registryClient = Optional.empty();
  private volatile RegistryView registry;

  public ConsoleService(ConsoleOptions options, ServiceSource services) {
    this.options = options;
    this.services = services;
  }

  /** Also shows the services and instances of the registry {@code client} talks to. */
  public ConsoleService withRegistry(Optional<RegistryClient> client) {
    this.registryClient = client;
    return this;
  }

  @Override
  public void start(ServiceContext ctx) throws Exception {
    try {
      server = ConsoleServer.start(options, services);
    } catch (IllegalArgumentException e) {
      throw new io.svc4j.service.ServiceOutcomeException(e.getMessage()); // one line, no trace
    }
    registryClient.ifPresent(
        c -> {
          registry = RegistryView.start(c);
          server.registry(registry::snapshot);
        });
    ctx.status(
        "console on "
            + (options.tls().isPresent() ? "https" : "http")
            + "://"
            + options.bind().getHostAddress()
            + ":"
            + server.port()
            + "/");
  }

  /** The bound port (the real one when 0 was asked for); -1 before start. */
  public int port() {
    var s = server;
    return s == null ? -1 : s.port();
  }

  @Override
  public void stop(ServiceContext ctx) {
    var s = server;
    if (s != null) {
      s.close();
    }
    var r = registry;
    if (r != null) {
      r.close();
    }
  }
}
