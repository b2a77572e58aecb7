package io.svc4j.supervisor.config;

import java.net.URI;
import java.util.List;

/** What a health check does once (YAML: one of {@code http}, {@code tcp}, {@code command}). */
public sealed interface HealthProbe {

  /** GET {@code url}; healthy when the status is in [{@code minStatus}, {@code maxStatus}]. */
  record Http(URI url, Integer minStatus, Integer maxStatus) implements HealthProbe {
    public Http {
      minStatus = minStatus == null ? 200 : minStatus;
      maxStatus = maxStatus == null ? 399 : maxStatus;
      ConfigException.require(url != null, "url", "is required");
      ConfigException.require(
          "http".equals(url.getScheme()) || "https".equals(url.getScheme()),
          "url",
          "must be an http:// or https:// URL, got " + url);
      ConfigException.require(
          minStatus >= 100 && maxStatus <= 599 && minStatus <= maxStatus,
          "status",
          "must be a range within 100..599, got " + minStatus + ".." + maxStatus);
    }

    public static Http ok(URI url) {
      return new Http(url, 200, 399);
    }
  }

  /** Healthy when a TCP connection to {@code host:port} succeeds. */
  record Tcp(String host, int port) implements HealthProbe {
    public Tcp {
      host = host == null ? "127.0.0.1" : host;
      ConfigException.require(port > 0 && port < 65536, "port", "must be 1..65535, got " + port);
    }
  }

  /** Healthy when {@code command} exits 0 within the timeout. Run without a shell. */
  record Command(List<String> command) implements HealthProbe {
    public Command {
      ConfigException.require(
          command != null && !command.isEmpty(), "command", "must name a program");
      command = List.copyOf(command);
    }
  }
}
