package io.svc4j.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names under which the console may be addressed, for the {@code Host} check (no DNS rebinding)
 * and the {@code Origin} check of actions: the loopback names, the bind address when it is not a
 * wildcard, and, with TLS, the names and addresses the certificate is for (a browser reaches an
 * HTTPS console only under one of those anyway).
 */
final class ConsoleAddresses {

  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final String scheme;
  private final int port;
  private final Set<String> names = new HashSet<>();
  private final Set<InetAddress> addresses = new HashSet<>();

  ConsoleAddresses(InetAddress bind, int port, boolean tls, Set<String> certificateNames) {
    this.scheme = tls ? "https" : "http";
    this.port = port;
    names.add("localhost");
    addresses.add(InetAddress.getLoopbackAddress());
    addLiteral("127.0.0.1");
    addLiteral("::1");
    if (!bind.isAnyLocalAddress()) {
      addresses.add(bind);
    }
    for (String name : certificateNames) {
      if (!addLiteral(name)) {
        names.add(name.toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Whether a {@code Host} header value ({@code name:port}, {@code [v6]:port}) is this console. */
  boolean isHost(String host) {
    if (host == null) {
      return false;
    }
    String name;
    String portText;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        return false;
      }
      name = host.substring(1, close);
      portText = host.substring(close + 1);
    } else {
      int colon = host.lastIndexOf(':');
      name = colon < 0 ? host : host.substring(0, colon);
      portText = colon < 0 ? "" : host.substring(colon);
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    boolean portMatches =
        portText.equals(":" + port) || (portText.isEmpty() && port == defaultPort);
    return portMatches && knows(name);
  }

  /** Whether an {@code Origin} header value is this console (scheme, name and port). */
  boolean isOrigin(String origin) {
    String prefix = scheme + "://";
    return origin.startsWith(prefix) && isHost(origin.substring(prefix.length()));
  }

  private boolean knows(String name) {
    if (IP_LITERAL.matcher(name).matches()) {
      try {
        return addresses.contains(InetAddress.getByName(name)); // a literal: no DNS lookup
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return names.contains(name.toLowerCase(Locale.ROOT));
  }

  private boolean addLiteral(String text) {
    if (!IP_LITERAL.matcher(text).matches()) {
      return false;
    }
    try {
      addresses.add(InetAddress.getByName(text));
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
