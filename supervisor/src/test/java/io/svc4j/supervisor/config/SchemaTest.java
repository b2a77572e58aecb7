package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The published JSON Schema cannot drift from the records the loader maps onto. */
class SchemaTest {

  private final JsonNode schema = read();

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(ConfigFile.schema());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> keys(Class<? extends Record> type) {
    var kebab = new PropertyNamingStrategies.KebabCaseStrategy();
    return Arrays.stream(type.getRecordComponents())
        .map(c -> kebab.translate(c.getName()))
        .collect(Collectors.toSet());
  }

  private Set<String> schemaKeys(String... path) {
    JsonNode node = schema;
    for (String step : path) {
      node = node.path("properties").path(step);
    }
    assertThat(node.path("additionalProperties").asBoolean(true))
        .as("additionalProperties of %s", String.join(".", path))
        .isFalse();
    Set<String> out = new HashSet<>();
    node.path("properties").fieldNames().forEachRemaining(out::add);
    return out;
  }

  private List<String> enumOf(String... path) {
    JsonNode node = schema;
    for (String step : path) {
      node = node.path("properties").path(step);
    }
    List<String> out = new ArrayList<>();
    node.path("enum").forEach(v -> out.add(v.asText()));
    return out;
  }

  @Test
  void everyRecordComponentIsAKeyOfTheSchemaAndNothingElse() {
    assertThat(schemaKeys()).isEqualTo(keys(SupervisorConfig.class));
    assertThat(schemaKeys("restart")).isEqualTo(keys(RestartSettings.class));
    assertThat(schemaKeys("restart", "backoff")).isEqualTo(keys(Backoff.class));
    assertThat(schemaKeys("restart", "crash-loop")).isEqualTo(keys(CrashLoopLimit.class));
    assertThat(schemaKeys("stop")).isEqualTo(keys(StopSettings.class));
    assertThat(schemaKeys("reload")).isEqualTo(keys(ReloadSettings.class));
    assertThat(schemaKeys("registry")).isEqualTo(keys(RegistrySettings.class));
    assertThat(schemaKeys("readiness")).isEqualTo(keys(ReadinessSettings.class));
    assertThat(schemaKeys("logs")).isEqualTo(keys(LogSettings.class));
    assertThat(schemaKeys("hooks")).isEqualTo(keys(HookSettings.class));
    assertThat(schemaKeys("health-check", "http")).isEqualTo(keys(HealthProbe.Http.class));
    assertThat(schemaKeys("health-check", "tcp")).isEqualTo(keys(HealthProbe.Tcp.class));
    Set<String> health = new HashSet<>(keys(HealthCheckSettings.class));
    health.remove("probe");
    health.addAll(Set.of("http", "tcp", "command"));
    assertThat(schemaKeys("health-check")).isEqualTo(health);
  }

  @Test
  void enumsListWhatTheLoaderAccepts() {
    assertThat(enumOf("restart", "mode"))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(RestartMode.values()).map(RestartMode::yamlName).toList());
    assertThat(enumOf("readiness", "mode"))
        .containsExactlyInAnyOrderElementsOf(lower(ReadinessMode.values()));
    assertThat(enumOf("leftovers"))
        .containsExactlyInAnyOrderElementsOf(lower(LeftoverAction.values()));
    List<String> actions = new ArrayList<>();
    schema
        .at("/properties/restart/properties/on-exit/additionalProperties/enum")
        .forEach(v -> actions.add(v.asText()));
    assertThat(actions).containsExactlyInAnyOrderElementsOf(lower(ExitAction.values()));
    for (String signal : enumOf("stop", "signal")) {
      assertThat(new StopSettings(signal, null).signal()).isNotEmpty();
    }
    for (String signal : enumOf("reload", "signal")) {
      assertThat(new ReloadSettings(signal, null, null).signalNumber()).isPositive();
    }
    assertThat(enumOf("logs", "supervisor-format"))
        .containsExactlyInAnyOrderElementsOf(lower(LogFormat.values()));
    assertThat(enumOf("stop", "windows"))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(WindowsStopEvent.values()).map(WindowsStopEvent::yamlName).toList());
  }

  private static List<String> lower(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }
}
