package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code metrics:} section of a supervisor configuration file. */
class MetricsConfigTest {

  private static final Path FILE = Path.of("/etc/svc4j/web.yaml");

  @Test
  void withoutTheSectionNothingIsServedOverHttp() {
    assertThat(ConfigFile.parse(FILE, "name: web\ncommand: [x]\n").config().metrics()).isNull();
  }

  @Test
  void aPortAloneListensOnLoopback() {
    var metrics =
        ConfigFile.parse(FILE, "name: web\ncommand: [x]\nmetrics:\n  port: 9464\n")
            .config()
            .metrics();
    assertThat(metrics.port()).isEqualTo(9464);
    assertThat(metrics.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void badValuesAreRefusedWithTheirPlaceInTheFile() {
    assertThatThrownBy(
            () -> ConfigFile.parse(FILE, "name: web\ncommand: [x]\nmetrics:\n  port: 70000\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessage("/etc/svc4j/web.yaml:4:3: metrics.port: must be from 1 to 65535, got 70000");
    assertThatThrownBy(
            () -> ConfigFile.parse(FILE, "name: web\ncommand: [x]\nmetrics:\n  bind: 0.0.0.0\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessageContaining("metrics.port: is required, e.g. port: 9464");
    assertThatThrownBy(
            () ->
                ConfigFile.parse(
                    FILE, "name: web\ncommand: [x]\nmetrics:\n  port: 9464\n  bind: my-host\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessageContaining("metrics.bind: 'my-host' must be an IP address, e.g. 127.0.0.1");
  }
}
