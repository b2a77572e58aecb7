package io.svc4j.examples.hello.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
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

  private static final JsonFactory JSON = new JsonFactory();
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
    // Straight to UTF-8 bytes: no String of the whole line, no second copy for getBytes.
    ByteArrayOutputStream out = new ByteArrayOutputStream(384);
    if (prefixLayout != null) {
      out.writeBytes(prefixLayout.doLayout(event).getBytes(StandardCharsets.UTF_8));
    }
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      String name = serviceName();
      if (name != null) {
        g.writeStringField("service", name);
      }
      Map<String, String> mdc = event.getMDCPropertyMap();
      String traceId = mdc.get("trace_id");
      if (traceId != null) {
        g.writeStringField("trace_id", traceId);
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
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    out.write('\n');
    return out.toByteArray();
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
