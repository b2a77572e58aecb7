package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a supervised service's logs go by default (Linux; Windows is covered under Wine). */
class SupervisedSettingsTest {

  @Test
  void systemServicesLogUnderVarLogAndUserServicesUnderTheUsersStateDirectory() {
    assertThat(SupervisedSettings.defaultLogDirectory("web", false))
        .isEqualTo(Path.of("/var/log/svc4j/web"));
    String xdg = System.getenv("XDG_STATE_HOME");
    Path stateHome =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    assertThat(SupervisedSettings.defaultLogDirectory("web", true))
        .isEqualTo(stateHome.resolve("svc4j").resolve("logs").resolve("web"));
  }
}
