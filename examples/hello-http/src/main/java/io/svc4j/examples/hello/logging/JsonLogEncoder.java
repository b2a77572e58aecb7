package io.svc4j.examples.hello.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.svc4j.examples.hello.json.ReusedJsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Logback encoder writing one JSON object per line: {@code timestamp}, {@code level}, {@code
 * logger}, {@code thread}, {@code message}, {@code service}, {@code trace_id} and the other MDC
 * entries, the event's key-value pairs, and {@code stack_trace} for errors.
 *
 * <p>{@code prefixPattern} is an optional Logback pattern written before the JSON object. It is the
 * hook for the journald level prefix ({@code <3>}, {@code <6>}, ...): register the converter with a
 * {@code conversionRule} in logback.xml and name it here.
 *
 * <p>{@code service} comes from the logger context property {@code service} (the running service
 * sets it to its installed name), else from the {@code service} setting.
 */
public class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final ReusedJsonWriter.PerThread WRITERS =
      new ReusedJsonWriter.PerThread(new JsonFactory(), g -> {});
  private static final ThreadLocal<IsoTimestamp> TIMESTAMPS =
      ThreadLocal.withInitial(IsoTimestamp::new);

  // The fixed field names, quoted and encoded once rather than for every line.
  private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
  private static final SerializedString LEVEL = new SerializedString("level");
  private static final SerializedString LOGGER = new SerializedString("logger");
  private static final SerializedString THREAD = new SerializedString("thread");
  private static final SerializedString MESSAGE = new SerializedString("message");
  private static final SerializedString SERVICE = new SerializedString("service");
  private static final SerializedString TRACE_ID = new SerializedString("trace_id");

  private static final Set<String> RESERVED =
      Set.of(
          "timestamp",
          "level",
          "logger",
          "thread",
          "message",
          "service",
          "trace_id",
          "stack_trace",
          "error_class");

  private String service;
  private String prefixPattern;
  private PatternLayout prefixLayout;

  public void setService(String service) {
    this.service = service;
  }

  public void setPrefixPattern(String prefixPattern) {
    this.prefixPattern = prefixPattern;
  }

  @Override
  public void start() {
    if (prefixPattern != null && !prefixPattern.isEmpty()) {
      PatternLayout layout = new PatternLayout();
      layout.setContext(getContext());
      layout.setPattern(prefixPattern);
      layout.start();
      prefixLayout = layout;
    }
    super.start();
  }

  @Override
  public void stop() {
    if (prefixLayout != null) {
      prefixLayout.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    // Straight to UTF-8 bytes in this thread's reused buffer and generator: the only
    // allocation per line left here is the finished line itself.
    ReusedJsonWriter writer = WRITERS.acquire();
    boolean failed = true;
    try {
      if (prefixLayout != null) {
        writer.out().writeBytes(prefixLayout.doLayout(event).getBytes(StandardCharsets.UTF_8));
      }
      write(writer, event);
      byte[] line = writer.finish('\n');
      failed = false;
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    } finally {
      writer.release(failed);
    }
  }

  private void write(ReusedJsonWriter writer, ILoggingEvent event) throws IOException {
    JsonGenerator g = writer.generator();
    g.writeStartObject();
    g.writeFieldName(TIMESTAMP);
    IsoTimestamp timestamp = TIMESTAMPS.get();
    int length = timestamp.format(event.getInstant());
    if (length < 0) {
      g.writeString(IsoTimestamp.fallback(event.getInstant()));
    } else {
      g.writeString(timestamp.chars(), 0, length);
    }
    g.writeFieldName(LEVEL);
    g.writeString(event.getLevel().toString());
    g.writeFieldName(LOGGER);
    g.writeString(event.getLoggerName());
    g.writeFieldName(THREAD);
    g.writeString(event.getThreadName());
    g.writeFieldName(MESSAGE);
    g.writeString(event.getFormattedMessage());
    String name = serviceName();
    if (name != null) {
      g.writeFieldName(SERVICE);
      g.writeString(name);
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    String traceId = mdc.get("trace_id");
    if (traceId != null) {
      g.writeFieldName(TRACE_ID);
      g.writeString(traceId);
    }
    for (Map.Entry<String, String> e : mdc.entrySet()) {
      if (!RESERVED.contains(e.getKey()) && e.getValue() != null) {
        g.writeStringField(e.getKey(), e.getValue());
      }
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        if (kv.value == null || mdc.containsKey(kv.key)) {
          continue;
        }
        String key = RESERVED.contains(kv.key) ? "kv_" + kv.key : kv.key;
        writeValue(g, key, kv.value);
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      g.writeStringField("error_class", error.getClassName());
      g.writeStringField("stack_trace", ThrowableProxyUtil.asString(error));
    }
    g.writeEndObject();
  }

  private String serviceName() {
    String fromContext = getContext() == null ? null : getContext().getProperty("service");
    return fromContext != null ? fromContext : service;
  }

  private static void writeValue(JsonGenerator g, String key, Object value) throws IOException {
    switch (value) {
      case Integer i -> g.writeNumberField(key, i);
      case Long l -> g.writeNumberField(key, l);
      case Double d -> g.writeNumberField(key, d);
      case Float f -> g.writeNumberField(key, f);
      case Boolean b -> g.writeBooleanField(key, b);
      default -> g.writeStringField(key, value.toString());
    }
  }
}
