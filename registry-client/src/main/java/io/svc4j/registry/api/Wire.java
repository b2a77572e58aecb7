package io.svc4j.registry.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.time.Instant;

/**
 * The registry's JSON, the same on both ends: unknown fields and wrong types are errors (a typo in
 * a field name must not silently fall back to a default), times are ISO-8601 strings.
 */
public final class Wire {

  /** Largest request body the server reads. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** The response header carrying the index for blocking queries. */
  public static final String INDEX_HEADER = "X-Svc4j-Index";

  private static final ObjectMapper MAPPER = build();

  private Wire() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper build() {
    SimpleModule times = new SimpleModule("svc4j-times");
    times.addSerializer(Instant.class, ToStringSerializer.instance);
    times.addDeserializer(
        Instant.class,
        new FromStringDeserializer<Instant>(Instant.class) {
          @Override
          protected Instant _deserialize(
              String value, com.fasterxml.jackson.databind.DeserializationContext ctxt) {
            return Instant.parse(value);
          }
        });
    JsonMapper mapper =
        JsonMapper.builder()
            .addModule(times)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    // "30" for a number, 3.5 for an int, "" for an object: all rejected.
    for (LogicalType type :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigDefaults()
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }
}
