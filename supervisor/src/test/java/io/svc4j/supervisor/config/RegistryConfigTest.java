package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.supervisor.registry.SupervisedRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code registry:} section: read onto its record with defaults, every bad value located at its
 * file:line:column, and the token file attacked (readable or writable by others, missing): refused
 * before anything runs.
 */
class RegistryConfigTest {

  @TempDir Path dir;

  private Path file;

  private ConfigFile parse(String registry) {
    file = dir.resolve("web.yaml");
    return ConfigFile.parse(file, "name: web\ncommand: [x]\nregistry:\n" + registry);
  }

  private String failure(String registry) {
    try {
      parse(registry);
    } catch (ConfigFileException e) {
      return e.getMessage().replace(file.toString(), "web.yaml");
    }
    throw new AssertionError("no error for:\n" + registry);
  }

  private Path token(String mode) throws Exception {
    Path t = dir.resolve("registry.token");
    Files.writeString(t, "s3cret-token\n");
    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString(mode));
    return t;
  }

  @Test
  void everyKeyIsReadAndRelativeTokenFilesAreRelativeToTheFile() throws Exception {
    token("rw-------");
    var r =
        parse(
                """
                  url: http://127.0.0.1:7711
                  token-file: registry.token
                  service: api
                  instance: api-1
                  address: 10.0.0.5
                  port: 8080
                  metadata: {zone: a, version: "1.2"}
                  ttl: 20s
                  heartbeat: 5s
                """)
            .config()
            .registry();
    assertThat(r.url()).isEqualTo("http://127.0.0.1:7711");
    assertThat(r.tokenFile()).isEqualTo(dir.resolve("registry.token"));
    assertThat(r.service()).isEqualTo("api");
    assertThat(r.instance()).isEqualTo("api-1");
    assertThat(r.registration().address()).isEqualTo("10.0.0.5");
    assertThat(r.registration().port()).isEqualTo(8080);
    assertThat(r.registration().metadata()).isEqualTo(Map.of("zone", "a", "version", "1.2"));
    assertThat(r.registration().ttlSeconds()).isEqualTo(20);
    assertThat(r.registration().heartbeatSeconds()).isEqualTo(5);
    assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void defaultsAreTheConfigsNameAndTheRegistrysDefaults() {
    var config = parse("  url: http://127.0.0.1:7711\n").config();
    var r = config.registry();
    assertThat(r.tokenFile()).isNull();
    assertThat(r.registration().port()).isZero();
    assertThat(r.registration().ttlSeconds()).isEqualTo(30);
    assertThat(r.registration().heartbeatSeconds()).isEqualTo(10);
    // No section, no listener; with one, one listener that registers under the config's name.
    assertThat(SupervisedRegistry.listeners(config.withRegistry(null), () -> null)).isEmpty();
    assertThat(SupervisedRegistry.listeners(config, () -> null)).hasSize(1);
  }

  @Test
  void badValuesAreLocatedAtTheirKey() {
    assertThat(failure("  port: 80\n")).isEqualTo("web.yaml:3:1: registry.url: is required");
    assertThat(failure("  url: ftp://x\n"))
        .isEqualTo(
            "web.yaml:4:3: registry.url: 'ftp://x' is invalid: use http://HOST:PORT of a svc4j"
                + " registry");
    assertThat(failure("  url: http://h:1\n  service: a/b\n"))
        .startsWith("web.yaml:5:3: registry.service: service \"a/b\" is invalid");
    assertThat(failure("  url: http://h:1\n  port: 70000\n"))
        .isEqualTo("web.yaml:5:3: registry.port: port 70000 is out of range 0-65535");
    assertThat(failure("  url: http://h:1\n  ttl: 1h1s\n"))
        .startsWith("web.yaml:5:3: registry.ttl: ");
    assertThat(failure("  url: http://h:1\n  ttl: 1500ms\n"))
        .isEqualTo("web.yaml:5:3: registry.ttl: must be whole seconds, got PT1.5S");
    assertThat(failure("  url: http://h:1\n  ttl: 10s\n  heartbeat: 20s\n"))
        .isEqualTo("web.yaml:6:3: registry.heartbeat: must be at most the ttl (10s), got 20s");
    assertThat(failure("  url: http://h:1\n  metadata: {zone: [a]}\n"))
        .isEqualTo("web.yaml:5:14: registry.metadata.zone: must be a string");
    // The token itself has no key: only a file can hold it.
    assertThat(failure("  url: http://h:1\n  token: s3cret\n"))
        .startsWith("web.yaml:5:3: registry.token: unknown key; the keys here are: ")
        .contains("token-file")
        .doesNotContain("s3cret");
  }

  @Test
  void aTokenFileOthersCanReadOrWriteOrThatIsMissingIsRefused() throws Exception {
    token("rw-r--r--");
    assertThat(failure("  url: http://h:1\n  token-file: registry.token\n"))
        .startsWith("web.yaml:5:3: registry.token-file: ")
        .contains("can be read by its group or by every user")
        .contains("chmod 600")
        .doesNotContain("s3cret");
    token("rw-r-----");
    assertThat(failure("  url: http://h:1\n  token-file: registry.token\n"))
        .contains("can be read by its group");
    token("rw--w----");
    assertThat(failure("  url: http://h:1\n  token-file: registry.token\n"))
        .startsWith("web.yaml:5:3: registry.token-file: ")
        .contains("can be written by its group or by every user");
    Files.delete(dir.resolve("registry.token"));
    assertThat(failure("  url: http://h:1\n  token-file: registry.token\n"))
        .startsWith("web.yaml:5:3: registry.token-file: ")
        .contains("does not exist");
    token("rw-------");
    assertThat(parse("  url: http://h:1\n  token-file: registry.token\n").config().registry())
        .isNotNull();
  }

  @Test
  void theTokenIsReadWhenTheListenerIsMadeAndNeverPrinted() throws Exception {
    token("rw-------");
    var config = parse("  url: http://h:1\n  token-file: registry.token\n").config();
    assertThat(config.toString()).doesNotContain("s3cret");
    Files.writeString(dir.resolve("registry.token"), "");
    assertThatThrownBy(() -> SupervisedRegistry.listeners(config, () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must hold one token");
  }
}
