package io.svc4j.console;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --allow} networks, checked as a filter in front of every handler: a request from any
 * other address is answered 403 and audited before the console looks at its path, cookie or body.
 * No entry means every address may connect (the default, with a loopback bind).
 */
final class AllowList extends Filter {

  private static final Logger audit = LoggerFactory.getLogger("io.svc4j.console.audit");

  private final List<AddressRange> ranges;

  AllowList(List<AddressRange> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  boolean allows(InetAddress address) {
    return ranges.isEmpty() || ranges.stream().anyMatch(r -> r.contains(address));
  }

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    InetAddress from = ex.getRemoteAddress().getAddress();
    if (allows(from)) {
      chain.doFilter(ex);
      return;
    }
    audit.warn(
        "console: request refused: {} is not in the allow-list, {} {}",
        from.getHostAddress(),
        ex.getRequestMethod(),
        ex.getRequestURI().getRawPath());
    byte[] body = "your address may not use this console\n".getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(403, body.length);
    try (var out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public String description() {
    return "console allow-list " + ranges;
  }
}
