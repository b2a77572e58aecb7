package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.HookSettings;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SupervisorCheck#validate} finds every problem a supervisor would refuse at start, each
 * named by its setting, and {@link StopBudget#of} is a function of the configuration alone.
 */
class SupervisorCheckTest {

  @TempDir Path dir;

  @Test
  void aGoodConfigurationHasNoProblems() {
    SupervisorConfig config =
        SupervisorConfig.of("web", List.of("/bin/sleep", "1"))
            .withLogs(LogSettings.in(dir.resolve("logs")));
    assertThat(SupervisorCheck.validate(config)).isEmpty();
    assertThat(dir.resolve("logs")).as("validation creates nothing").doesNotExist();
  }

  @Test
  void everyProblemIsReportedWithTheSettingItNames() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    SupervisorConfig config =
        SupervisorConfig.of("web", List.of(dir.resolve("no-such-program").toString()))
            .withRestart(
                SupervisorConfig.of("x", List.of("x")).restart().withOnOutput(List.of("panic")));
    List<ConfigException> problems = SupervisorCheck.validate(config);
    assertThat(problems)
        .extracting(ConfigException::setting)
        .containsExactly("command", "restart.on-output");

    List<ConfigException> logProblems =
        SupervisorCheck.validate(
            SupervisorConfig.of("web", List.of("/bin/sleep"))
                .withLogs(LogSettings.in(notADirectory.resolve("logs"))));
    assertThat(logProblems).extracting(ConfigException::setting).containsExactly("logs.directory");
    assertThat(logProblems.getFirst().getMessage()).doesNotContain("\n");
  }

  @Test
  void checkThrowsTheFirstProblemAndOtherwiseGivesTheStopDeadline() {
    SupervisorConfig broken =
        SupervisorConfig.of("web", List.of(dir.resolve("no-such-program").toString()));
    assertThatThrownBy(() -> SupervisorCheck.check(broken))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("command: ");
    SupervisorConfig good = SupervisorConfig.of("web", List.of("/bin/sleep"));
    assertThat(SupervisorCheck.check(good).stopDeadline()).isEqualTo(StopBudget.of(good));
  }

  @Test
  void theStopBudgetIsTheStopTimeoutTheTreeKillAndTheStopHooks() {
    SupervisorConfig plain = SupervisorConfig.of("web", List.of("/bin/sleep"));
    SupervisorConfig tenSeconds = plain.withStop(plain.stop().withTimeout(Duration.ofSeconds(10)));
    assertThat(StopBudget.of(tenSeconds)).isEqualTo(Duration.ofSeconds(25));
    SupervisorConfig hooked =
        tenSeconds.withHooks(
            new HookSettings(
                null, null, List.of("/bin/true"), List.of("/bin/true"), Duration.ofSeconds(7)));
    assertThat(StopBudget.of(hooked)).isEqualTo(Duration.ofSeconds(39));
    SupervisorConfig startHooksOnly =
        tenSeconds.withHooks(
            new HookSettings(List.of("/bin/true"), null, null, null, Duration.ofSeconds(7)));
    assertThat(StopBudget.of(startHooksOnly)).isEqualTo(Duration.ofSeconds(25));
  }
}
