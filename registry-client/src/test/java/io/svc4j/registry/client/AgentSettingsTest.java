package io.svc4j.registry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The SVC4J_REGISTRY_* settings: defaults, properties over variables, one-line errors. */
class AgentSettingsTest {

  @Test
  void withoutAUrlNothingIsRegistered() {
    assertThat(AgentSettings.fromEnvironment(Map.of("SVC4J_REGISTRY_PORT", "80"), "svc")).isEmpty();
  }

  @Test
  void variablesFillTheSettingsAndPropertiesWin() {
    Properties props = new Properties();
    props.setProperty("svc4j.registry.port", "9090");
    props.setProperty("unrelated", "x");
    Map<String, String> merged =
        RegistryHostExtension.settings(
            Map.of(
                "SVC4J_REGISTRY_URL", "http://127.0.0.1:7711",
                "SVC4J_REGISTRY_PORT", "8080",
                "SVC4J_REGISTRY_ADDRESS", "10.0.0.7",
                "SVC4J_REGISTRY_METADATA", "zone=a, version=2",
                "SVC4J_REGISTRY_TTL", "12",
                "PATH", "/bin"),
            props);
    AgentSettings s = AgentSettings.fromEnvironment(merged, "orders").orElseThrow();
    assertThat(s.service()).isEqualTo("orders");
    assertThat(s.registration().port()).isEqualTo(9090);
    assertThat(s.instanceId()).isEqualTo("10.0.0.7-9090");
    assertThat(s.registration().metadata())
        .containsEntry("zone", "a")
        .containsEntry("version", "2");
    assertThat(s.registration().ttlSeconds()).isEqualTo(12);
    assertThat(s.registration().heartbeatSeconds())
        .as("a third of the TTL, at most 10")
        .isEqualTo(4);
  }

  @Test
  void badValuesAreOneLineErrorsNamingTheVariable() {
    assertThatThrownBy(
            () -> AgentSettings.fromEnvironment(Map.of("SVC4J_REGISTRY_URL", "ftp://x"), "s"))
        .hasMessageContaining("SVC4J_REGISTRY_URL=ftp://x is invalid");
    assertThatThrownBy(
            () ->
                AgentSettings.fromEnvironment(
                    Map.of("SVC4J_REGISTRY_URL", "http://h:1", "SVC4J_REGISTRY_TTL", "soon"), "s"))
        .hasMessageContaining("SVC4J_REGISTRY_TTL=soon is invalid");
    assertThatThrownBy(
            () ->
                AgentSettings.fromEnvironment(
                    Map.of("SVC4J_REGISTRY_URL", "http://h:1", "SVC4J_REGISTRY_SERVICE", "a/b"),
                    "s"))
        .hasMessageContaining("service \"a/b\" is invalid");
    assertThatThrownBy(
            () ->
                AgentSettings.fromEnvironment(
                    Map.of(
                        "SVC4J_REGISTRY_URL", "http://h:1", "SVC4J_REGISTRY_METADATA", "novalue"),
                    "s"))
        .hasMessageContaining("KEY=VALUE");
  }
}
