package io.svc4j.supervisor.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

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
  private final YamlFiles.Located<SupervisorConfig> keys;

  private ConfigFile(Path file, SupervisorConfig config, YamlFiles.Located<SupervisorConfig> keys) {
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
    return parse(file, YamlFiles.read(file));
  }

  /** Parses {@code text} as if read from {@code file} (which is used for messages and paths). */
  public static ConfigFile parse(Path file, String text) {
    YamlFiles.Located<SupervisorConfig> read =
        YamlFiles.parse(file, text, MAPPER, SupervisorConfig.class, "docs/supervisor.md");
    SupervisorConfig raw = read.value();
    if (raw == null) {
      throw new ConfigFileException(file, 1, 1, "", "the file is empty; at least name and command");
    }
    var parsed = new ConfigFile(file, raw, read);
    try {
      return new ConfigFile(file, parsed.resolvePaths(raw), read);
    } catch (ConfigException e) {
      throw parsed.locate(e);
    }
  }

  /** The same problem, located at its key in this file (or its nearest enclosing key). */
  public ConfigFileException locate(ConfigException e) {
    return keys.locate(e);
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

  // ------------------------------------------------------------------------------ mapping

  private static YAMLMapper mapper() {
    var module = new SimpleModule("svc4j-supervisor-config");
    module.addDeserializer(Duration.class, YamlFiles.scalar(Units::duration));
    // Only sizes are Long in the configuration (max-size, buffer-bytes, max-memory).
    module.addDeserializer(Long.class, YamlFiles.scalar(Units::size));
    module.addDeserializer(RestartMode.class, YamlFiles.scalar(t -> RestartMode.parse(t, "")));
    module.addDeserializer(ExitAction.class, YamlFiles.scalar(t -> ExitAction.parse(t, "")));
    module.addDeserializer(ReadinessMode.class, YamlFiles.scalar(t -> ReadinessMode.parse(t, "")));
    module.addDeserializer(
        LeftoverAction.class, YamlFiles.scalar(t -> LeftoverAction.parse(t, "")));
    module.addDeserializer(
        WindowsStopEvent.class, YamlFiles.scalar(t -> WindowsStopEvent.parse(t, "")));
    module.addDeserializer(LogFormat.class, YamlFiles.scalar(t -> LogFormat.parse(t, "")));
    module.addDeserializer(HealthCheckSettings.class, new HealthCheckDeserializer());
    return YamlFiles.mapper(module);
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
