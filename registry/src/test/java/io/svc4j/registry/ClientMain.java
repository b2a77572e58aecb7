package io.svc4j.registry;

import io.svc4j.registry.api.Registration;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryAgent;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One registry client in its own JVM, for tests that freeze it: {@code ClientMain URL SERVICE ID
 * TTL}.
 */
public final class ClientMain {
  private ClientMain() {}

  public static void main(String[] args) throws InterruptedException {
    int ttl = Integer.parseInt(args[3]);
    new RegistryAgent(
            new AgentSettings(
                URI.create(args[0]),
                Optional.empty(),
                args[1],
                args[2],
                new Registration("127.0.0.1", 0, Map.of(), ttl, 1)))
        .start();
    Thread.sleep(Long.MAX_VALUE);
  }
}
