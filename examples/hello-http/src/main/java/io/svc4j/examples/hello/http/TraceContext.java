package io.svc4j.examples.hello.http;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context position (https://www.w3.org/TR/trace-context/): the trace this request
 * belongs to and the span this server works in.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param spanId 16 lowercase hex digits, not all zero
 * @param flags the trace flags byte as 2 hex digits (01 = sampled)
 */
public record TraceContext(String traceId, String spanId, String flags) {

  private static final Pattern TRACEPARENT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);

  /** Parses a {@code traceparent} header; empty when it is missing or malformed. */
  public static Optional<TraceContext> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    var m = TRACEPARENT.matcher(header.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String version = m.group(1);
    // "ff" is forbidden; version 00 has exactly four fields, later versions may append more.
    if (version.equals("ff") || (version.equals("00") && m.group(5) != null)) {
      return Optional.empty();
    }
    if (m.group(2).equals(ZERO_TRACE) || m.group(3).equals(ZERO_SPAN)) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(m.group(2), m.group(3), m.group(4)));
  }

  /** Starts a new trace: this server is its root. */
  public static TraceContext newRoot() {
    return new TraceContext(randomHex(16, ZERO_TRACE), randomHex(8, ZERO_SPAN), "01");
  }

  /** The same trace, with a new span for the work this server does for the caller's span. */
  public TraceContext child() {
    return new TraceContext(traceId, randomHex(8, ZERO_SPAN), flags);
  }

  /** The {@code traceparent} header value naming this span, for downstream calls and responses. */
  public String header() {
    return "00-" + traceId + "-" + spanId + "-" + flags;
  }

  private static String randomHex(int bytes, String invalid) {
    byte[] b = new byte[bytes];
    String hex;
    do {
      ThreadLocalRandom.current().nextBytes(b);
      hex = HexFormat.of().formatHex(b);
    } while (hex.equals(invalid));
    return hex;
  }
}
