package io.svc4j.cli.registry;

import io.svc4j.cli.UsageException;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which registry a reading command talks to: options, else the SVC4J_REGISTRY_* variables. */
final class RegistryTarget {

  static final String DEFAULT_URL = "http://127.0.0.1:7711";

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description = "The registry (default: $SVC4J_REGISTRY_URL, else " + DEFAULT_URL + ").")
  String url;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "Bearer token for a registry that wants one (default: $SVC4J_REGISTRY_TOKEN_FILE).")
  String tokenFile;

  RegistryClient client() {
    String u = url != null ? url : System.getenv().getOrDefault(AgentSettings.URL, DEFAULT_URL);
    String t = tokenFile != null ? tokenFile : System.getenv(AgentSettings.TOKEN_FILE);
    try {
      return new RegistryClient(
          URI.create(u.strip()),
          Optional.ofNullable(t).map(AgentSettings::readToken),
          Duration.ofSeconds(10));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
