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
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A supervisor configuration read from a YAML file. Keys are kebab-case ({@code working-directory},
 * {@code restart.crash-loop.max-starts}); durations are {@code 500ms}, {@code 10s}, {@code 2m}...;
 * sizes are {@code 10MiB}...; relative paths are relative to the file. Unknown keys, wrong types
 * and invalid values are {@link ConfigFileException}s naming file:line:column and the key. {@link
 * #locate} does the same for errors found later (a program that is not on PATH):
 *
 * <pre>
 * var file = ConfigFile.load(path);
 * try { supervisor = Supervisor.of(file.config()); }
 * catch (ConfigException e) { throw file.locate(e); }
 * </pre>
 */
public final class ConfigFile {

  private static final YAMLMapper MAPPER = mapper();

  private final Path file;
  private final SupervisorConfig config;
  private final Map<String, JsonLocation> keys;

  private ConfigFile(Path file, SupervisorConfig config, Map<String, JsonLocation> keys) {
    this.file = file;
    this.config = config;
    this.keys = keys;
  }

  public Path file() {
    return file;
  }

  public SupervisorConfig config() {
    return config;
  }

  /**
   * The JSON Schema of the file (draft 2020-12), for editors: publish it next to the configuration
   * or point YAML language servers at it.
   */
  public static String schema() {
    try (var in = ConfigFile.class.getResourceAsStream("supervisor.schema.json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("supervisor.schema.json is missing from the jar", e);
    }
  }

  /** Reads and validates {@code file}. */
  public static ConfigFile load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigFileException(file, 0, 0, "", "cannot read the file: " + e.getMessage());
    }
    return parse(file, text);
  }

  /** Parses {@code text} as if read from {@code file} (which is used for messages and paths). */
  public static ConfigFile parse(Path file, String text) {
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
    SupervisorConfig raw;
    try {
      raw = MAPPER.readValue(text, SupervisorConfig.class);
    } catch (ConfigException e) {
      throw located(file, keys, e.setting(), e.problem(), null);
    } catch (JsonMappingException e) {
      throw translate(file, keys, e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigFileException(
          file, line(at), column(at), "", "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }
    if (raw == null) {
      throw new ConfigFileException(file, 1, 1, "", "the file is empty; at least name and command");
    }
    var parsed = new ConfigFile(file, raw, keys);
    try {
      return new ConfigFile(file, parsed.resolvePaths(raw), keys);
    } catch (ConfigException e) {
      throw parsed.locate(e);
    }
  }

  /** The same problem, located at its key in this file (or its nearest enclosing key). */
  public ConfigFileException locate(ConfigException e) {
    return located(file, keys, e.setting(), e.problem(), null);
  }

  private SupervisorConfig resolvePaths(SupervisorConfig c) {
    Path base = file.toAbsolutePath().getParent();
    Function<Path, Path> resolve =
        p -> p == null || p.isAbsolute() ? p : base.resolve(p).normalize();
    var logs = c.logs();
    if (logs != null) {
      logs = logs.withDirectory(resolve.apply(logs.directory()));
    }
    List<String> envFiles =
        c.environmentFiles().stream()
            .map(
                f -> {
                  boolean optional = f.startsWith("-");
                  Path p = resolve.apply(Path.of(optional ? f.substring(1) : f));
                  return (optional ? "-" : "") + p;
                })
            .toList();
    var registry = c.registry();
    if (registry != null && registry.tokenFile() != null) {
      registry = registry.withTokenFile(resolve.apply(registry.tokenFile()));
      RegistryTokenFile.check(registry.tokenFile());
    }
    return c.withWorkingDirectory(resolve.apply(c.workingDirectory()))
        .withLogs(logs)
        .withEnvironmentFiles(envFiles)
        .withRegistry(registry);
  }

  // ------------------------------------------------------------------------------ errors

  private static ConfigFileException translate(
      Path file, Map<String, JsonLocation> keys, JsonMappingException e) {
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
          "'" + f.getValue() + "' is not " + describe(f.getTargetType()),
          e.getLocation());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return located(file, keys, path, "must be " + describe(m.getTargetType()), e.getLocation());
    }
    return located(file, keys, path, firstLine(e.getOriginalMessage()), e.getLocation());
  }

  private static String describe(Class<?> type) {
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
      return "a mapping with keys (see docs/supervisor.md)";
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
    if (parent.isEmpty()) {
      return child;
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
        }
      }
    }
    return out;
  }

  private static String contextPath(JsonStreamContext context) {
    StringBuilder out = new StringBuilder();
    List<JsonStreamContext> chain = new java.util.ArrayList<>();
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

  // ------------------------------------------------------------------------------ mapping

  private static YAMLMapper mapper() {
    var module = new SimpleModule("svc4j-supervisor-config");
    module.addDeserializer(Duration.class, scalar(Units::duration));
    // Only sizes are Long in the configuration (max-size, buffer-bytes, max-memory).
    module.addDeserializer(Long.class, scalar(Units::size));
    module.addDeserializer(RestartMode.class, scalar(t -> RestartMode.parse(t, "")));
    module.addDeserializer(ExitAction.class, scalar(t -> ExitAction.parse(t, "")));
    module.addDeserializer(ReadinessMode.class, scalar(t -> ReadinessMode.parse(t, "")));
    module.addDeserializer(LeftoverAction.class, scalar(t -> LeftoverAction.parse(t, "")));
    module.addDeserializer(WindowsStopEvent.class, scalar(t -> WindowsStopEvent.parse(t, "")));
    module.addDeserializer(LogFormat.class, scalar(t -> LogFormat.parse(t, "")));
    module.addDeserializer(HealthCheckSettings.class, new HealthCheckDeserializer());
    return YAMLMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .addModule(module)
        .build();
  }

  /**
   * A deserializer for values written as one scalar; its IllegalArgumentException is the message.
   */
  private static <T> JsonDeserializer<T> scalar(Function<String, T> parse) {
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

  /**
   * The file spells a health check with its probe inline ({@code http:}, {@code tcp:} or {@code
   * command:} next to {@code interval:}); the record holds the probe as one component.
   */
  private record HealthCheckFile(
      HealthProbe.Http http,
      HealthProbe.Tcp tcp,
      List<String> command,
      Duration interval,
      Duration timeout,
      Integer retries,
      Duration startPeriod,
      Boolean restartOnUnhealthy) {}

  private static final class HealthCheckDeserializer extends JsonDeserializer<HealthCheckSettings> {
    @Override
    public HealthCheckSettings deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      HealthCheckFile f = ctxt.readValue(p, HealthCheckFile.class);
      int probes =
          (f.http() != null ? 1 : 0) + (f.tcp() != null ? 1 : 0) + (f.command() != null ? 1 : 0);
      if (probes != 1) {
        throw new ConfigException(
            "health-check", "needs exactly one of http, tcp or command, found " + probes);
      }
      HealthProbe probe =
          f.http() != null
              ? f.http()
              : f.tcp() != null ? f.tcp() : new HealthProbe.Command(f.command());
      return new HealthCheckSettings(
          probe, f.interval(), f.timeout(), f.retries(), f.startPeriod(), f.restartOnUnhealthy());
    }
  }
}
