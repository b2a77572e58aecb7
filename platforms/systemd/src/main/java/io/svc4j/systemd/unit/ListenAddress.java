package io.svc4j.systemd.unit;

import io.svc4j.manager.ManagerException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a socket unit listens ({@code ListenStream=}) and the name its descriptor is passed under
 * ({@code FileDescriptorName=}, {@code LISTEN_FDNAMES}). Written on the command line as {@code
 * [NAME=]ADDRESS} with ADDRESS one of {@code PORT}, {@code IPV4:PORT}, {@code [IPV6]:PORT} or an
 * absolute path of a Unix socket; a host name is refused, as systemd binds numeric addresses only.
 */
public record ListenAddress(String name, String address) {

  /** The descriptor name when none is given: what hello-http and the embedded host look for. */
  public static final String DEFAULT_NAME = "http";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
  private static final Pattern PORT_ONLY = Pattern.compile("\\d{1,5}");
  private static final Pattern IPV4 = Pattern.compile("((?:\\d{1,3}\\.){3}\\d{1,3}):(\\d{1,5})");
  private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)\\]:(\\d{1,5})");

  public ListenAddress {
    if (!NAME.matcher(name).matches()) {
      throw new ManagerException(
          "invalid socket name '"
              + SystemdQuoting.printable(name)
              + "': use letters, digits, '_', '.', '-' (at most 255)");
    }
    requireValidAddress(address);
  }

  /** Parses {@code [NAME=]ADDRESS} as given to {@code svc4j install --socket}. */
  public static ListenAddress parse(String text) {
    int eq = text.indexOf('=');
    if (eq >= 0 && !text.startsWith("/")) {
      return new ListenAddress(text.substring(0, eq), text.substring(eq + 1));
    }
    return new ListenAddress(DEFAULT_NAME, text);
  }

  /** The {@code ListenStream=} value, with specifiers escaped. */
  public String listenStream() {
    return SystemdQuoting.verbatim(address, "socket address");
  }

  private static void requireValidAddress(String address) {
    String hint =
        ": use PORT, IPV4:PORT, [IPV6]:PORT or an absolute Unix socket path, e.g. 0.0.0.0:8080";
    if (address.startsWith("/")) {
      SystemdQuoting.verbatim(address, "socket path"); // refuses what systemd would mangle
      if (address.length() > 107) {
        throw new ManagerException(
            "the socket path '" + address + "' is longer than a Unix socket address allows (107)");
      }
      return;
    }
    String port;
    Matcher v4 = IPV4.matcher(address);
    Matcher v6 = IPV6.matcher(address);
    if (PORT_ONLY.matcher(address).matches()) {
      port = address;
    } else if (v4.matches()) {
      for (String octet : v4.group(1).split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          throw new ManagerException("invalid socket address '" + address + "'" + hint);
        }
      }
      port = v4.group(2);
    } else if (v6.matches()) {
      port = v6.group(2);
    } else {
      throw new ManagerException(
          "invalid socket address '" + SystemdQuoting.printable(address) + "'" + hint);
    }
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) {
      throw new ManagerException(
          "the port of socket address '" + address + "' is out of range: use 1-65535");
    }
  }
}
