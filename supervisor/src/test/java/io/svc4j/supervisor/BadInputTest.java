package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.LogSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user can get wrong is reported before anything starts, naming the setting. */
class BadInputTest {

  @TempDir Path tmp;

  private static void assertSetting(Runnable creation, String setting, String text) {
    assertThatThrownBy(creation::run)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.setting()).isEqualTo(setting))
        .hasMessageContaining(text);
  }

  @Test
  void aProgramThatDoesNotExist() {
    assertSetting(
        () -> TestSupervisors.fromCommand("x", List.of("no-such-program-svc4j")),
        "command",
        "'no-such-program-svc4j' was not found on PATH");
    assertSetting(
        () -> TestSupervisors.fromCommand("x", List.of(tmp.resolve("missing.sh").toString())),
        "command",
        "does not exist or is not an executable file");
  }

  @Test
  void aWorkingDirectoryThatDoesNotExist() {
    assertSetting(
        () ->
            TestSupervisors.fromCommand(
                "x", List.of("true"), c -> c.withWorkingDirectory(tmp.resolve("nowhere"))),
        "working-directory",
        "does not exist");
  }

  @Test
  void aLogDirectoryThatCannotBeWritten() throws Exception {
    Path file = Files.createFile(tmp.resolve("a-file"));
    assertSetting(
        () ->
            TestSupervisors.fromCommand(
                "x", List.of("true"), c -> c.withLogs(LogSettings.in(file.resolve("logs")))),
        "logs.directory",
        "cannot write log files in");
  }

  @Test
  void anEnvironmentReferenceThatIsNotSet() {
    assertSetting(
        () ->
            TestSupervisors.fromCommand(
                "x",
                List.of("true"),
                c ->
                    c.withEnvironment(
                        java.util.Map.of("URL", "${SVC4J_SURELY_UNSET_VARIABLE}/x"), true)),
        "environment.URL",
        "which is not set");
  }
}
