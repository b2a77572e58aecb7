package io.svc4j.cli.console;

import io.svc4j.cli.UsageException;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which registry the console shows, if any: {@code --registry URL} (else {@code
 * $SVC4J_REGISTRY_URL}) and its token file, read as {@code svc4j registry list} reads it. Without
 * either URL the page has no registry section.
 */
final class ConsoleRegistryOptions {

  @Option(
      names = "--registry",
      paramLabel = "URL",
      description =
          "Also show this registry's services and instances (default: $SVC4J_REGISTRY_URL; none"
              + " without it).")
  String url;

  @Option(
      names = "--registry-token-file",
      paramLabel = "FILE",
      description =
          "Bearer token for a registry that wants one (default: $SVC4J_REGISTRY_TOKEN_FILE).")
  String tokenFile;

  /**
   * @throws UsageException with one line when the URL or token file cannot be used
   */
  Optional<RegistryClient> client() {
    String u = url != null ? url : System.getenv(AgentSettings.URL);
    if (u == null || u.isBlank()) {
      return Optional.empty();
    }
    String t = tokenFile != null ? tokenFile : System.getenv(AgentSettings.TOKEN_FILE);
    try {
      URI base = URI.create(u.strip());
      if (base.getHost() == null
          || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
        throw new IllegalArgumentException(
            "--registry " + u + " is not an http(s)://HOST:PORT address");
      }
      return Optional.of(
          new RegistryClient(
              base, Optional.ofNullable(t).map(AgentSettings::readToken), Duration.ofSeconds(10)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
