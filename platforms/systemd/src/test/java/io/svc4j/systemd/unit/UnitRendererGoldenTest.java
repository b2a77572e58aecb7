package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated unit files, byte for byte: any change to them shows up in review. */
class UnitRendererGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"http-notify", "plain-exec-user", "watchdog-special", "no-hardening"})
  void rendersTheGoldenFile(String sample) throws IOException {
    Function<String, io.svc4j.manager.ServiceDefinition> definition =
        SampleDefinitions.all().get(sample);
    String rendered = UnitRenderer.render(definition.apply("/usr/bin/java")).render();

    assertThat(rendered).isEqualTo(golden(sample));
  }

  private static String golden(String sample) throws IOException {
    try (InputStream in =
        UnitRendererGoldenTest.class.getResourceAsStream("/golden/" + sample + ".service")) {
      assertThat(in).as("golden file golden/%s.service", sample).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
