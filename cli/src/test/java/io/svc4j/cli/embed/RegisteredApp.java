package io.svc4j.cli.embed;

import io.svc4j.registry.api.Registration;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * An application whose registry is given in code: {@code RegisteredApp REGISTRY-URL}. Registers as
 * coded/c1 on port 1234 with metadata from=code.
 */
public final class RegisteredApp {
  private RegisteredApp() {}

  public static void main(String[] args) {
    EmbeddedService.main(
        new String[] {"run"},
        "registered-app",
        appArgs ->
            new Service() {
              @Override
              public void start(ServiceContext context) {
                context.status("serving");
              }

              @Override
              public void stop(ServiceContext context) {}
            },
        AgentSettings.of(
            URI.create(args[0]),
            Optional.empty(),
            "coded",
            Optional.of("c1"),
            new Registration("127.0.0.1", 1234, Map.of("from", "code"), 5, 1)));
  }
}
