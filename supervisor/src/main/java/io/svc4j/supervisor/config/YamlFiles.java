package io.svc4j.supervisor.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * YAML files mapped onto records with every error located at file:line:column and its dotted key:
 * the supervisor's file ({@link ConfigFile}) and the watcher's ({@code svc4j watch --config}) share
 * this, so both speak the same kebab-case keys, durations and error lines.
 */
public final class YamlFiles {

  private YamlFiles() {}

  /**
   * A parsed file and where each of its keys is.
   *
   * @param value the mapped value (null for an empty file)
   */
  public record Located<T>(Path file, T value, Map<String, JsonLocation> keys) {

    /** The same problem, located at its key in this file (or its nearest enclosing key). */
    public ConfigFileException locate(ConfigException e) {
      return located(file, keys, e.setting(), e.problem(), null);
    }
  }

  /** The mapper both files use: kebab-case keys, unknown keys and duplicates refused. */
  public static YAMLMapper mapper(SimpleModule module) {
    return YAMLMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .addModule(module)
        .build();
  }

  /** The text of {@code file}, or one located error saying why it cannot be read. */
  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigFileException(file, 0, 0, "", "cannot read the file: " + e.getMessage());
    }
  }

  /**
   * Maps {@code text} (read from {@code file}) onto {@code type}; every error is a {@link
   * ConfigFileException} at the offending key.
   *
   * @param docs where the keys are described, named in "must be a mapping" errors
   */
  public static <T> Located<T> parse(
      Path file, String text, YAMLMapper mapper, Class<T> type, String docs) {
    Map<String, JsonLocation> keys;
    try {
      keys = keyLocations(file, text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigFileException(
          file, line(at), column(at), "", "not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigFileException(file, 0, 0, "", "cannot read the file: " + e.getMessage());
    }
    if (text.isBlank()) {
      return new Located<>(file, null, keys);
    }
    try {
      return new Located<>(file, mapper.readValue(text, type), keys);
    } catch (ConfigException e) {
      throw located(file, keys, e.setting(), e.problem(), null);
    } catch (JsonMappingException e) {
      throw translate(file, keys, e, docs);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigFileException(
          file, line(at), column(at), "", "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }
  }

  /**
   * A deserializer for values written as one scalar; its IllegalArgumentException is the message.
   */
  public static <T> JsonDeserializer<T> scalar(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.currentToken().isScalarValue()) {
          throw MismatchedInputException.from(p, String.class, "must be a single value");
        }
        try {
          return parse.apply(p.getText());
        } catch (ConfigException e) {
          throw JsonMappingException.from(
              p, e.problem(), new IllegalArgumentException(e.problem()));
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    };
  }

  // ------------------------------------------------------------------------------ errors

  private static ConfigFileException translate(
      Path file, Map<String, JsonLocation> keys, JsonMappingException e, String docs) {
    String path = path(e.getPath());
    if (e.getCause() instanceof ConfigException ce) {
      return located(file, keys, join(path, ce.setting()), ce.problem(), e.getLocation());
    }
    if (e.getCause() instanceof IllegalArgumentException iae) {
      return located(file, keys, path, iae.getMessage(), e.getLocation());
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String known =
          u.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      return located(file, keys, path, "unknown key; the keys here are: " + known, e.getLocation());
    }
    if (e instanceof InvalidFormatException f) {
      return located(
          file,
          keys,
          path,
          "'" + f.getValue() + "' is not " + describe(f.getTargetType(), docs),
          e.getLocation());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return located(
          file, keys, path, "must be " + describe(m.getTargetType(), docs), e.getLocation());
    }
    return located(file, keys, path, firstLine(e.getOriginalMessage()), e.getLocation());
  }

  private static String describe(Class<?> type, String docs) {
    if (type == null) {
      return "of the right type";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list, e.g. [java, -jar, app.jar]";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping of keys to values";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isRecord()) {
      return "a mapping with keys (see " + docs + ")";
    }
    return "a " + type.getSimpleName();
  }

  private static ConfigFileException located(
      Path file,
      Map<String, JsonLocation> keys,
      String setting,
      String problem,
      JsonLocation fallback) {
    JsonLocation at = null;
    for (String key = setting; key != null && at == null; key = parent(key)) {
      at = keys.get(key);
    }
    if (at == null) {
      at = fallback;
    }
    return new ConfigFileException(file, line(at), column(at), setting, problem);
  }

  private static String parent(String key) {
    if (key.isEmpty()) {
      return null;
    }
    int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    return cut <= 0 ? "" : key.substring(0, cut);
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder out = new StringBuilder();
    for (var ref : refs) {
      if (ref.getFieldName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String join(String parent, String child) {
    if (parent.isEmpty() || child.isEmpty()) {
      return parent.isEmpty() ? child : parent;
    }
    // A record validated in its own constructor names its own key; one validated by a parent may
    // already name the full path.
    return child.equals(parent) || child.startsWith(parent + ".") ? child : parent + "." + child;
  }

  private static int line(JsonLocation at) {
    return at == null ? 0 : Math.max(0, at.getLineNr());
  }

  private static int column(JsonLocation at) {
    return at == null ? 0 : Math.max(0, at.getColumnNr());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  /** Where each key is, by dotted path ({@code restart.backoff.max}, {@code command[0]}). */
  private static Map<String, JsonLocation> keyLocations(Path file, String text) throws IOException {
    Map<String, JsonLocation> out = new HashMap<>();
    // A key missing at the top level is reported at the top of the file.
    out.put("", new JsonLocation(ContentReference.unknown(), -1L, 1, 1));
    try (JsonParser p = new YAMLFactory().createParser(text)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          String key = contextPath(p.getParsingContext());
          JsonLocation at = p.currentTokenLocation();
          if (out.putIfAbsent(key, at) != null) {
            throw new ConfigFileException(
                file, line(at), column(at), key, "is given twice; keep one");
          }
        } else if (p.getParsingContext().inArray() && token.isScalarValue()) {
          out.putIfAbsent(contextPath(p.getParsingContext()), p.currentTokenLocation());
        } else if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
            && p.getParsingContext().getParent() != null
            && p.getParsingContext().getParent().inArray()) {
          // A mapping or list inside a list (watches[0]): located where it starts.
          out.putIfAbsent(contextPath(p.getParsingContext().getParent()), p.currentTokenLocation());
        }
      }
    }
    return out;
  }

  private static String contextPath(JsonStreamContext context) {
    StringBuilder out = new StringBuilder();
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(0, c);
    }
    for (JsonStreamContext c : chain) {
      if (c.inObject()) {
        out.append(out.isEmpty() ? "" : ".").append(c.getCurrentName());
      } else if (c.inArray()) {
        out.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
      }
    }
    return out.toString();
  }
}
