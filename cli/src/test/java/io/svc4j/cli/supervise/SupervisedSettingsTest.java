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

  @Test
  void logDirReplacesOnlyTheDirectoryOfTheFilesLogsSection(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path file =
        java.nio.file.Files.writeString(
            tmp.resolve("web.yaml"),
            "name: web\ncommand: [sleep, '1']\n"
                + "logs: {directory: /srv/elsewhere, max-size: 2MiB, gzip: true, timestamps: true}\n");
    var logs =
        SupervisedSettings.resolve(
                null,
                java.util.List.of(),
                file,
                tmp.resolve("logs"),
                null,
                null,
                java.util.List.of())
            .logs();
    assertThat(logs.directory()).isEqualTo(tmp.resolve("logs"));
    assertThat(logs.maxSize()).isEqualTo(2L * 1024 * 1024);
    assertThat(logs.gzip()).isTrue();
    assertThat(logs.timestamps()).isTrue();
  }
}
