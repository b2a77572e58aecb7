package io.svc4j.cli.watch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.svc4j.manager.ServiceNames;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.ConfigFileException;
import io.svc4j.supervisor.config.Units;
import io.svc4j.supervisor.config.YamlFiles;
import io.svc4j.watcher.OnWatchLimit;
import io.svc4j.watcher.backend.BackendChoice;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The YAML file of {@code svc4j watch --config FILE}. Keys are kebab-case, durations {@code 200ms},
 * relative paths are relative to the file, and every error is one {@code file:line:column: key:
 * problem} line: the supervisor's file machinery ({@link YamlFiles}) reads both.
 */
final class WatchConfigFile {

  private static final YAMLMapper MAPPER = mapper();

  private WatchConfigFile() {}

  /** Reads and validates {@code file}: the watched directories and token files must exist. */
  static WatchConfig load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return parse(absolute, YamlFiles.read(absolute));
  }

  static WatchConfig parse(Path file, String text) {
    YamlFiles.Located<WatchConfig> read =
        YamlFiles.parse(file, text, MAPPER, WatchConfig.class, "docs/watcher.md");
    if (read.value() == null) {
      throw new ConfigFileException(file, 1, 1, "", "the file is empty; at least watches:");
    }
    try {
      return resolve(file.toAbsolutePath().getParent(), read.value());
    } catch (ConfigException e) {
      throw read.locate(e);
    }
  }

  /** The JSON Schema of the file (draft 2020-12), for editors. */
  static String schema() {
    try (var in = WatchConfigFile.class.getResourceAsStream("/svc4j/watch-config.schema.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("watch-config.schema.json is missing from the jar", e);
    }
  }

  private static WatchConfig resolve(Path base, WatchConfig config) {
    List<WatchSettings> watches = new ArrayList<>();
    for (int w = 0; w < config.watches().size(); w++) {
      WatchSettings s = config.watches().get(w);
      String at = "watches[" + w + "]";
      List<Path> paths = new ArrayList<>();
      for (int i = 0; i < s.paths().size(); i++) {
        Path p = base.resolve(s.paths().get(i)).normalize();
        String key = at + ".paths[" + i + "]";
        if (!Files.exists(p)) {
          throw new ConfigException(key, p + " does not exist: give an existing directory");
        }
        if (!Files.isDirectory(p)) {
          throw new ConfigException(
              key, p + " is not a directory: watch the directory that holds it");
        }
        paths.add(p);
      }
      List<WatchAction> actions = new ArrayList<>();
      for (int i = 0; i < s.actions().size(); i++) {
        actions.add(resolve(base, s.actions().get(i), at + ".actions[" + i + "]"));
      }
      WatchSettings resolved = s.withPaths(paths).withActions(actions);
      if (s.state() != null) {
        Path state = base.resolve(s.state()).normalize();
        if (state.getParent() == null || !Files.isDirectory(state.getParent())) {
          throw new ConfigException(
              at + ".state", state + ": its directory does not exist: create it first");
        }
        resolved = resolved.withState(state);
      }
      watches.add(resolved);
    }
    return new WatchConfig(config.onWatchLimit(), config.backend(), config.pollInterval(), watches);
  }

  private static WatchAction resolve(Path base, WatchAction action, String at) {
    if (action instanceof WatchAction.Post post && post.bearerTokenFile().isPresent()) {
      Path token = base.resolve(post.bearerTokenFile().get()).normalize();
      if (!Files.isReadable(token)) {
        throw new ConfigException(
            at + ".bearer-token-file",
            token + " does not exist or is not readable: write the token there (one line)");
      }
      return new WatchAction.Post(post.url(), post.timeout(), Optional.of(token), post.retries());
    }
    return action;
  }

  // ------------------------------------------------------------------------------ mapping

  private static YAMLMapper mapper() {
    var module = new SimpleModule("svc4j-watch-config");
    module.addDeserializer(Duration.class, YamlFiles.scalar(Units::duration));
    module.addDeserializer(
        OnWatchLimit.class, YamlFiles.scalar(t -> parseEnum(OnWatchLimit.class, t)));
    module.addDeserializer(
        BackendChoice.class, YamlFiles.scalar(t -> parseEnum(BackendChoice.class, t)));
    module.addDeserializer(WatchAction.class, new ActionDeserializer());
    return YamlFiles.mapper(module);
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> known = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        known.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new IllegalArgumentException(
          "'" + text + "' is not one of " + String.join(", ", known));
    }
  }

  /**
   * An action is one mapping naming its kind by its key ({@code run:}, {@code post:}, {@code
   * reload:}, {@code restart:}, {@code log:}) with that kind's options beside it; the plain word
   * {@code log} is the log action too.
   */
  private record ActionFile(
      List<String> run,
      String batch,
      String onBusy,
      String post,
      Duration timeout,
      Path bearerTokenFile,
      Integer retries,
      String reload,
      String restart,
      Boolean userUnit,
      Boolean log) {}

  private static final class ActionDeserializer extends JsonDeserializer<WatchAction> {
    @Override
    public WatchAction deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken().isScalarValue()) {
        if ("log".equals(p.getText())) {
          return new WatchAction.Log();
        }
        throw new ConfigException(
            "",
            "'" + p.getText() + "' is not an action: write log, or a mapping such as {run: [cmd]}");
      }
      return toAction(ctxt.readValue(p, ActionFile.class));
    }
  }

  static WatchAction toAction(ActionFile f) {
    int kinds =
        (f.run() != null ? 1 : 0)
            + (f.post() != null ? 1 : 0)
            + (f.reload() != null ? 1 : 0)
            + (f.restart() != null ? 1 : 0)
            + (f.log() != null ? 1 : 0);
    if (kinds != 1) {
      throw new ConfigException(
          "", "needs exactly one of run, post, reload, restart or log, found " + kinds);
    }
    if (f.run() == null) {
      forbid(f.batch(), "batch", "run");
      forbid(f.onBusy(), "on-busy", "run");
    }
    if (f.post() == null) {
      forbid(f.bearerTokenFile(), "bearer-token-file", "post");
      forbid(f.retries(), "retries", "post");
    }
    if (f.reload() == null && f.restart() == null) {
      forbid(f.userUnit(), "user-unit", "reload or restart");
    }
    if (f.run() != null || f.log() != null) {
      forbid(f.timeout(), "timeout", "post, reload or restart");
    }
    if (f.timeout() != null && (f.timeout().isNegative() || f.timeout().isZero())) {
      throw new ConfigException("timeout", "must be positive, got " + f.timeout());
    }
    if (f.run() != null) {
      if (f.run().isEmpty() || f.run().get(0).isBlank()) {
        throw new ConfigException(
            "run", "must name a program, e.g. [/usr/local/bin/on-change, --quiet]");
      }
      return new WatchAction.Run(
          f.run(),
          f.batch() == null
              ? WatchAction.BatchDelivery.BOTH
              : enumAt(WatchAction.BatchDelivery.class, f.batch(), "batch"),
          f.onBusy() == null
              ? WatchCommandRunner.OnBusy.QUEUE
              : enumAt(WatchCommandRunner.OnBusy.class, f.onBusy(), "on-busy"));
    }
    if (f.post() != null) {
      int retries = f.retries() == null ? 5 : f.retries();
      if (retries < 0) {
        throw new ConfigException("retries", "must be 0 or more, got " + retries);
      }
      return new WatchAction.Post(
          url(f.post()),
          f.timeout() == null ? Duration.ofSeconds(10) : f.timeout(),
          Optional.ofNullable(f.bearerTokenFile()),
          retries);
    }
    if (f.log() != null) {
      if (!f.log()) {
        throw new ConfigException("log", "write log: true, or leave the action out");
      }
      return new WatchAction.Log();
    }
    boolean reload = f.reload() != null;
    String service = reload ? f.reload() : f.restart();
    String key = reload ? "reload" : "restart";
    try {
      ServiceNames.requireValid(service);
    } catch (RuntimeException e) {
      throw new ConfigException(key, e.getMessage());
    }
    return new WatchAction.ServiceVerb(
        reload ? WatchAction.ServiceVerb.Verb.RELOAD : WatchAction.ServiceVerb.Verb.RESTART,
        service,
        f.timeout() == null ? Duration.ofSeconds(60) : f.timeout(),
        f.userUnit() != null && f.userUnit());
  }

  private static <E extends Enum<E>> E enumAt(Class<E> type, String text, String key) {
    try {
      return parseEnum(type, text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  private static void forbid(Object value, String key, String kind) {
    if (value != null) {
      throw new ConfigException(key, "only goes with " + kind + "; remove it here");
    }
  }

  private static URI url(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException("post", "'" + text + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new ConfigException(
          "post", "'" + text + "' is not an http(s) URL, e.g. http://127.0.0.1:8080/hooks/conf");
    }
    return uri;
  }
}
