package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code reload:} section of a supervisor configuration file. */
class ReloadConfigTest {

  private static final Path FILE = Path.of("/etc/svc4j/web.yaml");

  @Test
  void withoutTheSectionAReloadIsSighupToTheChild() {
    var reload = ConfigFile.parse(FILE, "name: web\ncommand: [x]\n").config().reload();

    assertThat(reload.signal()).isEqualTo("HUP");
    assertThat(reload.signalNumber()).isEqualTo(Signals.HUP);
    assertThat(reload.restart()).isFalse();
    assertThat(reload.timeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void everyKeyIsRead() {
    var reload =
        ConfigFile.parse(
                FILE,
                "name: web\ncommand: [x]\nreload: {signal: SIGUSR2, restart: true, timeout: 5s}\n")
            .config()
            .reload();

    assertThat(reload.signal()).isEqualTo("USR2");
    assertThat(reload.restart()).isTrue();
    assertThat(reload.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aSignalThatWouldStopTheChildIsRefusedWithItsPlaceInTheFile() {
    assertThatThrownBy(
            () -> ConfigFile.parse(FILE, "name: web\ncommand: [x]\nreload:\n  signal: TERM\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessage(
            "/etc/svc4j/web.yaml:4:3: reload.signal: 'TERM' cannot ask for a reload; use HUP, USR1"
                + " or USR2");
  }
}
