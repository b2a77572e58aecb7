package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.svc4j.supervisor.config.ConfigFileException;
import io.svc4j.watcher.OnWatchLimit;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc4j watch --config}: what the file means, and every mistake as one located line. */
class WatchConfigFileTest {

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void tree() throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(dir.resolve("site"));
    Files.writeString(dir.resolve("hook.token"), "s3cret\n");
    file = dir.resolve("watch.yaml");
  }

  private ConfigFileException failure(String yaml) {
    try {
      WatchConfigFile.parse(file, yaml);
    } catch (ConfigFileException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void everyKeyMapsOntoTheRecordsAndRelativePathsAreRelativeToTheFile() {
    WatchConfig c =
        WatchConfigFile.parse(
            file,
            """
            on-watch-limit: degrade
            watches:
              - name: app-conf
                paths: [conf]
                include: ["*.yaml"]
                exclude: ["*.swp", "tmp/**"]
                debounce: 200ms
                state: conf.state
                hash: ["*.yaml"]
                actions:
                  - run: [/usr/local/bin/on-change, --quiet]
                    batch: env
                    on-busy: restart
                  - post: http://127.0.0.1:9000/hooks/conf
                    timeout: 2s
                    bearer-token-file: hook.token
                    retries: 3
                  - reload: myapp
                  - restart: other
                    timeout: 30s
                    user-unit: true
                  - log
                  - log: true
              - paths: [site]
                actions: [{run: [make]}]
            """);
    assertThat(c.onWatchLimit()).isEqualTo(OnWatchLimit.DEGRADE);
    WatchSettings w = c.watches().get(0);
    assertThat(w.name()).isEqualTo("app-conf");
    assertThat(w.paths()).containsExactly(dir.resolve("conf"));
    assertThat(w.include()).containsExactly("*.yaml");
    assertThat(w.exclude()).containsExactly("*.swp", "tmp/**");
    assertThat(w.debounce()).isEqualTo(Duration.ofMillis(200));
    assertThat(w.state()).isEqualTo(dir.resolve("conf.state"));
    assertThat(w.hash()).containsExactly("*.yaml");
    assertThat(w.actions())
        .containsExactly(
            new WatchAction.Run(
                List.of("/usr/local/bin/on-change", "--quiet"),
                WatchAction.BatchDelivery.ENV,
                WatchCommandRunner.OnBusy.RESTART),
            new WatchAction.Post(
                URI.create("http://127.0.0.1:9000/hooks/conf"),
                Duration.ofSeconds(2),
                Optional.of(dir.resolve("hook.token")),
                3),
            new WatchAction.ServiceVerb(
                WatchAction.ServiceVerb.Verb.RELOAD, "myapp", Duration.ofSeconds(60), false),
            new WatchAction.ServiceVerb(
                WatchAction.ServiceVerb.Verb.RESTART, "other", Duration.ofSeconds(30), true),
            new WatchAction.Log(),
            new WatchAction.Log());
    WatchSettings second = c.watches().get(1);
    assertThat(c.nameOf(1)).isEqualTo("watch-2");
    assertThat(second.debounce()).isEqualTo(Duration.ofMillis(50));
    assertThat(second.state()).isNull();
    assertThat(second.actions())
        .containsExactly(
            new WatchAction.Run(
                List.of("make"), WatchAction.BatchDelivery.BOTH, WatchCommandRunner.OnBusy.QUEUE));
    assertThat(c.nameOf(0)).isEqualTo("app-conf");
  }

  @Test
  void mistakesAreOneLineAtTheirKey() {
    assertThat(failure("watches:\n  - paths: [conf]\n    actions: [log]\n    debunce: 1s\n"))
        .hasMessageStartingWith(file + ":4:5: watches[0].debunce: unknown key; the keys here are:")
        .hasMessageContaining("debounce");
    assertThat(failure("watches:\n  - paths: [conf, nope]\n    actions: [log]\n"))
        .hasMessage(
            file
                + ":2:19: watches[0].paths[1]: "
                + dir.resolve("nope")
                + " does not exist: give an existing directory");
    assertThat(failure("watches:\n  - paths: [hook.token]\n    actions: [log]\n"))
        .hasMessage(
            file
                + ":2:13: watches[0].paths[0]: "
                + dir.resolve("hook.token")
                + " is not a directory: watch the directory that holds it");
    assertThat(
            failure(
                "watches:\n  - paths: [conf]\n    actions:\n      - log\n      - run: [x]\n        post: http://h/\n"))
        .hasMessage(
            file
                + ":5:9: watches[0].actions[1]: needs exactly one of run, post, reload, restart or"
                + " log, found 2");
    assertThat(failure("watches:\n  - paths: [conf]\n    actions:\n      - post: ftp://h/x\n"))
        .hasMessage(
            file
                + ":4:9: watches[0].actions[0].post: 'ftp://h/x' is not an http(s) URL, e.g."
                + " http://127.0.0.1:8080/hooks/conf");
    assertThat(
            failure(
                "watches:\n  - paths: [conf]\n    actions:\n      - run: [x]\n        retries: 2\n"))
        .hasMessage(
            file + ":5:9: watches[0].actions[0].retries: only goes with post; remove it here");
    assertThat(
            failure(
                "watches:\n  - paths: [conf]\n    actions:\n      - run: [x]\n        on-busy: kill\n"))
        .hasMessage(
            file + ":5:9: watches[0].actions[0].on-busy: 'kill' is not one of queue, restart");
    assertThat(failure("watches:\n  - paths: [conf]\n    include: ['[abc']\n    actions: [log]\n"))
        .hasMessageStartingWith(
            file + ":3:15: watches[0].include[0]: glob [abc is not a valid glob");
    assertThat(failure("watches:\n  - paths: [conf]\n    actions: []\n"))
        .hasMessage(
            file
                + ":3:5: watches[0].actions: give at least one action: run, post, reload, restart"
                + " or log");
    assertThat(failure("watches:\n  - paths: [conf]\n    debounce: soon\n    actions: [log]\n"))
        .hasMessageStartingWith(file + ":3:5: watches[0].debounce: 'soon' is not a duration");
    assertThat(
            failure(
                "watches:\n  - paths: [conf]\n    actions:\n      - post: http://h/x\n        bearer-token-file: none.token\n"))
        .hasMessageStartingWith(
            file
                + ":5:9: watches[0].actions[0].bearer-token-file: "
                + dir.resolve("none.token")
                + " does not exist or is not readable");
    assertThat(failure("watches:\n  - paths: [conf]\n    actions:\n      - restart: 'a b'\n"))
        .hasMessageStartingWith(
            file + ":4:9: watches[0].actions[0].restart: invalid service name 'a b'");
    assertThat(failure("on-watch-limit: maybe\nwatches: []\n"))
        .hasMessage(file + ":1:1: on-watch-limit: 'maybe' is not one of fail, degrade");
    assertThat(failure("watches:\n  - paths: [conf]\n    hash: ['*']\n    actions: [log]\n"))
        .hasMessage(file + ":3:5: watches[0].hash: only goes with state: name a state file too");
    assertThat(failure("watches: []\n"))
        .hasMessageStartingWith(file + ":1:1: watches: give at least one watch");
    assertThat(failure("watches:\n  - paths: [conf]\n    actions: [log\n"))
        .hasMessageContaining("not valid YAML");
    assertThat(failure("")).hasMessage(file + ":1:1: the file is empty; at least watches:");
    assertThat(
            failure(
                "watches:\n  - {name: a, paths: [conf], actions: [log]}\n  - {name: a, paths: [site], actions: [log]}\n"))
        .hasMessage(file + ":3:6: watches[1].name: 'a' names two watches; give each its own");
    // the child-name rule (ChildNames): 64 characters pass, 65 do not
    String longest = "w".repeat(64);
    assertThat(
            WatchConfigFile.parse(
                    file, "watches:\n  - {name: " + longest + ", paths: [conf], actions: [log]}\n")
                .watches()
                .get(0)
                .name())
        .isEqualTo(longest);
    assertThat(failure("watches:\n  - {name: " + longest + "w, paths: [conf], actions: [log]}\n"))
        .hasMessageContaining("watches[0].name: '" + longest + "w' is not a name");
  }

  @Test
  void theSchemaHasEveryKeyTheLoaderTakesAndNoOther() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(WatchConfigFile.schema());
    var kebab = new PropertyNamingStrategies.KebabCaseStrategy();
    assertThat(names(schema.path("properties"))).isEqualTo(kebabKeys(WatchConfig.class, kebab));
    JsonNode watch = schema.path("properties").path("watches").path("items");
    assertThat(watch.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(names(watch.path("properties"))).isEqualTo(kebabKeys(WatchSettings.class, kebab));
    JsonNode action = schema.path("$defs").path("action").path("oneOf").get(1);
    assertThat(action.path("additionalProperties").asBoolean(true)).isFalse();
    Class<?> actionFile =
        Arrays.stream(WatchConfigFile.class.getDeclaredClasses())
            .filter(c -> c.getSimpleName().equals("ActionFile"))
            .findFirst()
            .orElseThrow();
    assertThat(names(action.path("properties"))).isEqualTo(kebabKeys(actionFile, kebab));
    assertThat(schema.path("properties").path("on-watch-limit").path("enum").toString())
        .isEqualTo("[\"fail\",\"degrade\"]");
  }

  private static Set<String> names(JsonNode properties) {
    Set<String> out = new HashSet<>();
    properties.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> kebabKeys(
      Class<?> type, PropertyNamingStrategies.KebabCaseStrategy kebab) {
    return Arrays.stream(type.getRecordComponents())
        .map(c -> kebab.translate(c.getName()))
        .collect(Collectors.toSet());
  }
}
