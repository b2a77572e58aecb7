package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.manager.ServiceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * systemd itself reads every generated unit without a single complaint. /bin/sh stands in for the
 * program because verify checks that ExecStart's executable exists.
 */
class SystemdAnalyzeVerifyTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"http-notify", "plain-exec-user", "watchdog-special", "no-hardening"})
  void systemdAcceptsTheGeneratedUnitWithoutWarnings(String sample) throws Exception {
    ServiceDefinition definition = SampleDefinitions.all().get(sample).apply("/bin/sh");

    assertThat(verify(definition)).isEmpty();
  }

  @Test
  void theCheckSeesWarningsThatDoNotChangeTheExitCode() throws Exception {
    ServiceDefinition typo =
        ServiceDefinition.builder("typo")
            .command(List.of("/bin/sh", "-c", "sleep 1"))
            .platformOptions(SystemdOptions.builder().extra("Service.RestartSecs=1").build())
            .build();

    assertThat(verify(typo)).anySatisfy(line -> assertThat(line).contains("RestartSecs"));
  }

  private List<String> verify(ServiceDefinition definition)
      throws IOException, InterruptedException {
    Path unit = dir.resolve(UnitRenderer.unitName(definition.name()));
    Files.writeString(unit, UnitRenderer.render(definition).render());
    return SystemdAnalyze.verify(unit, definition.scope(), dir);
  }
}
