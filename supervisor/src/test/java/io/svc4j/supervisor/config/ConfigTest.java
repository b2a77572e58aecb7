package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaultsAreFilledInForEverythingButNameAndCommand() {
    var config = SupervisorConfig.of("web", List.of("java", "-jar", "app.jar"));
    assertThat(config.restart().mode()).isEqualTo(RestartMode.ON_FAILURE);
    assertThat(config.restart().successCodes()).containsExactly(0);
    assertThat(config.stop().signal()).isEqualTo("TERM");
    assertThat(config.stop().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.readiness().mode()).isEqualTo(ReadinessMode.UPTIME);
    assertThat(config.readiness().notifySocket()).isTrue();
    assertThat(config.inheritEnvironment()).isTrue();
  }

  @Test
  void everyMissingValueHasADefaultSoAFileOnlyNamesWhatItChanges() {
    assertThat(new Backoff(null, null, null, null)).isEqualTo(Backoff.DEFAULT);
    assertThat(new CrashLoopLimit(null, null)).isEqualTo(CrashLoopLimit.DEFAULT);
    var health =
        new HealthCheckSettings(new HealthProbe.Tcp(null, 80), null, null, null, null, null);
    assertThat(health.retries()).isEqualTo(3);
    assertThat(health.restartOnUnhealthy()).isTrue();
    assertThat(health.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(((HealthProbe.Tcp) health.probe()).host()).isEqualTo("127.0.0.1");
    var logs =
        new LogSettings(
            java.nio.file.Path.of("/var/log/x"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(logs.stdoutFile("web")).isEqualTo("web.out.log");
    assertThat(logs.stderrFile("web")).isEqualTo("web.err.log");
    assertThat(logs.maxSize()).isEqualTo(LogSettings.DEFAULT_MAX_SIZE);
    assertThat(logs.gzip()).isFalse();
    assertThat(
            new HealthProbe.Http(java.net.URI.create("http://127.0.0.1/"), null, null).maxStatus())
        .isEqualTo(399);
  }

  @Test
  void errorsNameTheSettingAndSayHowToFixIt() {
    assertThatThrownBy(() -> SupervisorConfig.of("bad name", List.of("x")))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo("name"))
        .hasMessageContaining("letters, digits");
    assertThatThrownBy(() -> SupervisorConfig.of("web", List.of()))
        .hasMessageStartingWith("command: must name the program");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2.0, 0.0))
        .hasMessage("max: must be at least initial (PT5S)");
    assertThatThrownBy(() -> new StopSettings("SIGBOGUS", null))
        .hasMessageStartingWith("signal: unknown signal 'BOGUS'");
    assertThatThrownBy(() -> RestartMode.parse("sometimes", "restart.policy"))
        .hasMessageContaining("use no, on-failure, always or unless-stopped");
    assertThatThrownBy(
            () ->
                SupervisorConfig.of("web", List.of("x"))
                    .withReadiness(ReadinessSettings.health(Duration.ofSeconds(5))))
        .hasMessageContaining("readiness.mode: is 'health' but no health-check is configured");
    assertThatThrownBy(
            () -> SupervisorConfig.of("web", List.of("x")).withEnvironment(Map.of("1X", "v"), true))
        .hasMessageContaining("environment.1X");
    assertThat(new ConfigException("max", "must be positive").under("restart.backoff"))
        .hasMessage("restart.backoff.max: must be positive");
  }

  @Test
  void stopSignalAcceptsNamesWithOrWithoutSig() {
    assertThat(new StopSettings("sigint", null).signal()).isEqualTo("INT");
    assertThat(new StopSettings("HUP", null).signal()).isEqualTo("HUP");
    assertThatThrownBy(() -> new StopSettings("KILL", null)).hasMessageContaining("unknown signal");
  }

  @Test
  void environmentExpansionUsesTheBaseAndEarlierEntries() {
    var values = new LinkedHashMap<String, String>();
    values.put("APP_HOME", "${HOME}/app");
    values.put("PATH", "${APP_HOME}/bin:${PATH}");
    values.put("PORT", "${PORT:-8080}");
    values.put("PRICE", "$$5 and $1 stay");
    var out = EnvExpander.expandAll(values, Map.of("HOME", "/home/u", "PATH", "/bin"), "env");
    assertThat(out)
        .containsEntry("APP_HOME", "/home/u/app")
        .containsEntry("PATH", "/home/u/app/bin:/bin")
        .containsEntry("PORT", "8080")
        .containsEntry("PRICE", "$5 and $1 stay");
  }

  @Test
  void anUndefinedVariableIsAnErrorNamingTheKey() {
    assertThatThrownBy(() -> EnvExpander.expandAll(Map.of("A", "${NOPE}"), Map.of(), "environment"))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.setting()).isEqualTo("environment.A"))
        .hasMessageContaining("${NOPE}, which is not set");
    assertThatThrownBy(() -> EnvExpander.expand("${OPEN", Map.of(), "x"))
        .hasMessageContaining("not closed");
  }
}
