package io.svc4j.systemd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Wraps any encoder (a pattern, {@code JsonEncoder}, logstash's) and, when the output goes to the
 * journal, starts every line of every event with the event's syslog priority prefix. journald reads
 * the prefix per line, so a stack trace keeps the level of its event instead of falling back to
 * info.
 *
 * <pre>{@code
 * <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
 *   <encoder class="io.svc4j.systemd.logging.JournalPrefixEncoder">
 *     <encoder class="ch.qos.logback.classic.encoder.JsonEncoder"/>
 *   </encoder>
 * </appender>
 * }</pre>
 *
 * The wrapped encoder must write an ASCII-compatible charset (UTF-8, the default), because lines
 * are found by their newline byte.
 */
public final class JournalPrefixEncoder extends EncoderBase<ILoggingEvent> {

  private Encoder<ILoggingEvent> encoder;
  private JournalStream.Target target = JournalStream.Target.AUTO;
  private boolean connected;

  /** The encoder whose output gets prefixed. Required. */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** auto (default), stdout, stderr, always or never; see {@link JournalStream.Target}. */
  public void setStream(String stream) {
    try {
      this.target = JournalStream.Target.parse(stream);
    } catch (IllegalArgumentException e) {
      addError("JournalPrefixEncoder <stream>: " + e.getMessage() + "; using auto");
    }
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError(
          "JournalPrefixEncoder needs a nested <encoder class=\"...\"> whose output it prefixes,"
              + " e.g. ch.qos.logback.classic.encoder.PatternLayoutEncoder");
      return;
    }
    if (encoder.getContext() == null) {
      encoder.setContext(getContext());
    }
    if (!encoder.isStarted()) {
      encoder.start();
    }
    connected = JournalStream.isConnected(target);
    super.start();
  }

  @Override
  public void stop() {
    if (encoder != null) {
      encoder.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return encoder == null ? null : encoder.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    byte[] encoded = encoder.encode(event);
    if (!connected || encoded == null || encoded.length == 0) {
      return encoded;
    }
    return prefixLines(
        encoded, JournalLevels.prefix(event.getLevel()).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public byte[] footerBytes() {
    return encoder == null ? null : encoder.footerBytes();
  }

  /** Puts {@code prefix} before every line; a trailing newline does not start a new line. */
  static byte[] prefixLines(byte[] text, byte[] prefix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 4 * prefix.length);
    boolean lineStart = true;
    for (byte b : text) {
      if (lineStart) {
        out.writeBytes(prefix);
        lineStart = false;
      }
      out.write(b);
      if (b == '\n') {
        lineStart = true;
      }
    }
    return out.toByteArray();
  }
}
