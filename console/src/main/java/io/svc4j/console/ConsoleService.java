package io.svc4j.console;

import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;

/**
 * The web console as a hosted svc4j service ({@code svc4j console}; installable like any other):
 * start listens, stop closes the listener and ends open log tails.
 */
public final class ConsoleService implements Service {

  private final ConsoleOptions options;
  private final ServiceSource services;
  private volatile ConsoleServer server;

  public ConsoleService(ConsoleOptions options, ServiceSource services) {
    this.options = options;
    this.services = services;
  }

  @Override
  public void start(ServiceContext ctx) throws Exception {
    try {
      server = ConsoleServer.start(options, services);
    } catch (IllegalArgumentException e) {
      throw new io.svc4j.service.ServiceOutcomeException(e.getMessage()); // one line, no trace
    }
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
  }
}
