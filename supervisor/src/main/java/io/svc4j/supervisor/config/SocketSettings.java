package io.svc4j.supervisor.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One entry of the {@code sockets:} list: a TCP socket the supervisor listens on and passes to each
 * child with systemd's {@code LISTEN_FDS} protocol, so that connections wait in the kernel while
 * the child restarts.
 *
 * @param name the name the child sees in {@code LISTEN_FDNAMES}
 * @param address {@code HOST:PORT}; HOST an IP address ({@code [::1]} for IPv6) or {@code
 *     localhost}
 */
public record SocketSettings(String name, String address) {

  public SocketSettings {
    ConfigException.require(name != null && !name.isBlank(), "name", "is required, e.g. http");
    ConfigException.require(
        name.matches("[A-Za-z0-9._-]{1,255}"),
        "name",
        "'"
            + name
            + "' must be 1-255 letters, digits, '.', '_' or '-' (it goes into LISTEN_FDNAMES)");
    ConfigException.require(
        address != null && !address.isBlank(), "address", "is required, e.g. 0.0.0.0:8080");
    address = address.strip();
    socketAddress(address);
  }

  /** The address to bind. */
  public InetSocketAddress socketAddress() {
    return socketAddress(address);
  }

  private static InetSocketAddress socketAddress(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? "" : address.substring(0, colon);
    String port = colon < 0 ? "" : address.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      host = "!"; // an IPv6 address must be bracketed, or its last group reads as the port
    }
    boolean literal = host.equals("localhost") || host.matches("[0-9a-fA-F:.]+");
    if (!literal
        || !port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw new ConfigException(
          "address",
          "'"
              + address
              + "' must be HOST:PORT with an IP address and a port from 1 to 65535,"
              + " e.g. 0.0.0.0:8080 or [::1]:8080");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
    } catch (UnknownHostException e) {
      throw new ConfigException("address", "'" + host + "' is not an IP address");
    }
  }
}
