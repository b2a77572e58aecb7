package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.ServiceDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Bad input is refused with one line naming the setting, before anything is written. */
class UnitRendererValidationTest {

  private static ServiceDefinition web(UnaryOperator<ServiceDefinition.Builder> change) {
    return change
        .apply(ServiceDefinition.builder("web").command(List.of("/usr/bin/java", "-jar", "a.jar")))
        .build();
  }

  private static void refused(ServiceDefinition definition, String messageStart) {
    assertThatThrownBy(() -> UnitRenderer.render(definition))
        .isInstanceOf(ManagerException.class)
        .hasMessageStartingWith(messageStart)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void refusesRelativePaths() {
    refused(
        ServiceDefinition.builder("web").command(List.of("java", "-jar")).build(),
        "the executable 'java' of service 'web' is not an absolute path");
    refused(
        web(b -> b.workingDirectory(Path.of("srv/web"))),
        "the working directory 'srv/web' is not an absolute path");
    refused(
        web(b -> b.environmentFile(Path.of("web.env"))),
        "the environment file 'web.env' is not an absolute path");
  }

  @Test
  void refusesValuesSystemdCannotHold() {
    refused(web(b -> b.environment("1BAD", "x")), "invalid environment variable name '1BAD'");
    refused(
        web(b -> b.environment("BAD\nKEY", "x")),
        "invalid environment variable name 'BAD\\x0aKEY'");
    refused(web(b -> b.runAs("bad user", null)), "invalid user name 'bad user'");
    refused(web(b -> b.runAs(null, "%wheel")), "invalid group name '%wheel'");
    refused(web(b -> b.displayName("two\nlines")), "the value of description contains a control");
    refused(web(b -> b.watchdog(Duration.ZERO)), "the watchdog timeout must be positive");
    refused(
        web(b -> b.stopTimeout(Duration.ofNanos(1))), "the stop timeout PT0.000000001S is finer");
  }

  @Test
  void aWatchdogOnAnExecServiceStillOnlyTrustsTheMainProcess() {
    UnitFile unit =
        UnitRenderer.render(
            web(b -> b.readiness(ReadinessProtocol.EXEC).watchdog(Duration.ofMillis(2500))));

    assertThat(unit.values("Service", "Type")).containsExactly("exec");
    assertThat(unit.values("Service", "WatchdogSec")).containsExactly("2500ms");
    assertThat(unit.values("Service", "NotifyAccess")).containsExactly("main");
  }

  @Test
  void extraDirectivesComeAfterTheGeneratedOnesSoTheyWin() {
    UnitFile unit =
        UnitRenderer.render(
            web(
                b ->
                    b.platformOptions(
                        SystemdOptions.builder().extra("Service.ProtectHome=no").build())));

    assertThat(unit.values("Service", "ProtectHome")).containsExactly("read-only", "no");
  }

  @Test
  void recognisesItsOwnUnits() {
    assertThat(UnitRenderer.isGenerated(UnitRenderer.render(web(b -> b)).render())).isTrue();
    assertThat(UnitRenderer.isGenerated("[Service]\nExecStart=/bin/true\n")).isFalse();
  }
}
