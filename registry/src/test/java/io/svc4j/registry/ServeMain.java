package io.svc4j.registry;

import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.server.RegistryService;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceHost;

/** A registry in its own JVM for tests that pause or kill it: {@code ServeMain PORT}. */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) {
    RegistryServerOptions options = RegistryServerOptions.loopback(Integer.parseInt(args[0]));
    ServiceHost.runAndExit(new RegistryService(options), HostOptions.named("registry"));
  }
}
