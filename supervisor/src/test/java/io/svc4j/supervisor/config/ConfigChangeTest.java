package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigChangeTest {

  private static final Path FILE = Path.of("/etc/svc4j/web.yaml");

  private static SupervisorConfig parse(String yaml) {
    return ConfigFile.parse(FILE, yaml).config();
  }

  private static final String BASE =
      """
      name: web
      command: [sleep, "100"]
      restart: {mode: always}
      health-check: {tcp: {host: 127.0.0.1, port: 8080}, interval: 10s}
      """;

  @Test
  void sameFileIsNoChange() {
    assertThat(ConfigChange.between(parse(BASE), parse(BASE)).isEmpty()).isTrue();
  }

  @Test
  void healthCheckAndRestartPolicyApplyLive() {
    var next =
        parse(
            """
            name: web
            command: [sleep, "100"]
            restart: {mode: on-failure}
            health-check: {tcp: {host: 127.0.0.1, port: 8081}, interval: 2s}
            """);
    var change = ConfigChange.between(parse(BASE), next);
    assertThat(change.live()).containsExactly("restart", "health-check");
    assertThat(change.restartsChild()).isFalse();
    assertThat(change.needsSupervisorRestart()).isEmpty();
  }

  @Test
  void commandEnvironmentAndWorkingDirectoryRestartTheChild() {
    var next =
        parse(
            """
            name: web
            command: [sleep, "200"]
            working-directory: /tmp
            environment: {MODE: fast}
            restart: {mode: always}
            health-check: {tcp: {host: 127.0.0.1, port: 8080}, interval: 10s}
            """);
    var change = ConfigChange.between(parse(BASE), next);
    assertThat(change.restartChild())
        .containsExactly("command", "working-directory", "environment");
    assertThat(change.restartsChild()).isTrue();
    assertThat(change.live()).isEmpty();
  }

  @Test
  void logsAndMetricsWaitForASupervisorRestart() {
    var next =
        parse(
            BASE
                + """
                logs: {directory: /var/log/web}
                metrics: {port: 9464}
                """);
    var change = ConfigChange.between(parse(BASE), next);
    assertThat(change.needsSupervisorRestart()).containsExactly("logs", "metrics");
    assertThat(change.restartsChild()).isFalse();
  }

  @Test
  void everyComponentOfTheConfigIsCompared() {
    // A component added to SupervisorConfig without a place here would be silently ignored.
    assertThat(ConfigChange.comparedKeys())
        .isEqualTo(SupervisorConfig.class.getRecordComponents().length);
  }
}
