package io.svc4j.supervisor.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The {@code metrics:} section: serve the supervisor's {@code /metrics} over HTTP.
 *
 * @param port TCP port, 1-65535 (required)
 * @param bind address to listen on; default {@code 127.0.0.1} (loopback)
 */
public record MetricsSettings(String bind, Integer port) {

  public MetricsSettings {
    ConfigException.require(port != null, "metrics.port", "is required, e.g. port: 9464");
    ConfigException.require(
        port >= 1 && port <= 65535, "metrics.port", "must be from 1 to 65535, got " + port);
    bind = bind == null || bind.isBlank() ? "127.0.0.1" : bind.strip();
    ConfigException.require(
        bind.matches("[0-9a-fA-F:.]+") || bind.equals("localhost"),
        "metrics.bind",
        "'" + bind + "' must be an IP address, e.g. 127.0.0.1");
  }

  /** The socket address to listen on. */
  public InetSocketAddress address() {
    try {
      return new InetSocketAddress(InetAddress.getByName(bind), port);
    } catch (UnknownHostException e) {
      throw new ConfigException("metrics.bind", "'" + bind + "' is not an IP address");
    }
  }
}
