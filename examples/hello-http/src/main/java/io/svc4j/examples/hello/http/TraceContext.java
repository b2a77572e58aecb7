package io.svc4j.examples.hello.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context position (https://www.w3.org/TR/trace-context/): the trace this request
 * belongs to and the span this server works in.
 *
 * <p>Every request renders its {@code traceparent} response header and puts its trace id into the
 * MDC, so both strings are made once, when the position is made, straight from random numbers: no
 * intermediate byte arrays, hex strings or concatenation per request.
 */
public final class TraceContext {

  private static final Pattern TRACEPARENT =
      Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  // "00-" trace "-" span "-" flags
  private static final int TRACE_AT = 3;
  private static final int SPAN_AT = TRACE_AT + 32 + 1;
  private static final int FLAGS_AT = SPAN_AT + 16 + 1;
  private static final int HEADER_LENGTH = FLAGS_AT + 2;

  private final String traceId;
  private final String spanId; // null: the one in the header
  private final String flags;
  private final String header;

  /**
   * @param traceId 32 lowercase hex digits, not all zero
   * @param spanId 16 lowercase hex digits, not all zero
   * @param flags the trace flags byte as 2 hex digits (01 = sampled)
   */
  public TraceContext(String traceId, String spanId, String flags) {
    this(traceId, spanId, flags, "00-" + traceId + "-" + spanId + "-" + flags);
  }

  private TraceContext(String traceId, String spanId, String flags, String header) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.flags = flags;
    this.header = header;
  }

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
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0); // the all-zero trace id is invalid
    byte[] text = new byte[HEADER_LENGTH];
    hex(high, text, TRACE_AT);
    hex(low, text, TRACE_AT + 16);
    return withNewSpan(text, "01");
  }

  /** The same trace, with a new span for the work this server does for the caller's span. */
  public TraceContext child() {
    byte[] text = new byte[HEADER_LENGTH];
    traceId.getBytes(0, 32, text, TRACE_AT); // lowercase hex: one byte per char
    return withNewSpan(text, flags);
  }

  /** Fills in the version, a random span id and the separators, and renders each part once. */
  @SuppressWarnings("deprecation") // String(byte[], hibyte, ...): the ASCII-only copy
  private static TraceContext withNewSpan(byte[] text, String flags) {
    long span;
    do {
      span = ThreadLocalRandom.current().nextLong();
    } while (span == 0); // the all-zero span id is invalid
    hex(span, text, SPAN_AT);
    text[0] = '0';
    text[1] = '0';
    text[2] = '-';
    text[SPAN_AT - 1] = '-';
    text[FLAGS_AT - 1] = '-';
    flags.getBytes(0, 2, text, FLAGS_AT);
    String header = new String(text, 0);
    // The span id is cut out of the header only if someone asks (nobody does per request).
    return new TraceContext(header.substring(TRACE_AT, TRACE_AT + 32), null, flags, header);
  }

  private static void hex(long value, byte[] into, int at) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }

  /** 32 lowercase hex digits, not all zero. */
  public String traceId() {
    return traceId;
  }

  /** 16 lowercase hex digits, not all zero. */
  public String spanId() {
    return spanId != null ? spanId : header.substring(SPAN_AT, SPAN_AT + 16);
  }

  /** The trace flags byte as 2 hex digits (01 = sampled). */
  public String flags() {
    return flags;
  }

  /** The {@code traceparent} header value naming this span, for downstream calls and responses. */
  public String header() {
    return header;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceContext t
        && traceId.equals(t.traceId)
        && spanId().equals(t.spanId())
        && flags.equals(t.flags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(traceId, spanId(), flags);
  }

  @Override
  public String toString() {
    return "TraceContext[traceId=" + traceId + ", spanId=" + spanId() + ", flags=" + flags + "]";
  }
}
