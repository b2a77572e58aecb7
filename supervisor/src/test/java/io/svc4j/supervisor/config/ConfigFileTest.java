package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigFileTest {

  private static final Path FILE = Path.of("/etc/svc4j/web.yaml");

  private static ConfigFileException failure(String yaml) {
    try {
      ConfigFile.parse(FILE, yaml);
    } catch (ConfigFileException e) {
      return e;
    }
    throw new AssertionError("no error for:\n" + yaml);
  }

  @Test
  void everyKeyMapsOntoTheRecords() {
    String yaml =
        """
        name: web
        display-name: Web shop
        description: The shop's HTTP server
        command: [java, -Xmx256m, -jar, app.jar]
        working-directory: app
        environment:
          PORT: 8080
          URL: "http://localhost:${PORT}"
        inherit-environment: false
        environment-files: [app.env, -/etc/default/web]
        run-as: www-data
        leftovers: kill
        hooks:
          pre-start: [/usr/local/bin/migrate, --check]
          post-stop: [logger, stopped]
          timeout: 1m
        restart:
          mode: always
          success-codes: [0, 143]
          on-exit: {3: stop, 75: restart, 130: ignore}
          backoff: {initial: 500ms, max: 2m, multiplier: 3, jitter: 0.2}
          reset-after: 1m
          crash-loop: {max-starts: 10, window: 5m}
          on-output: [OutOfMemoryError]
          max-memory: 512MiB
          schedule: "0 4 * * *"
        stop: {signal: SIGINT, timeout: 45s}
        readiness: {mode: notify, start-timeout: 2m, watchdog: 30s}
        logs:
          directory: /var/log/web
          max-size: 20MiB
          keep: 7
          gzip: true
          timestamps: true
          rotate-every: 1d
          buffer-bytes: 1MiB
        health-check:
          http: {url: "http://127.0.0.1:8080/health", max-status: 299}
          interval: 5s
          timeout: 2s
          retries: 4
          start-period: 30s
          restart-on-unhealthy: false
        """;
    var c = ConfigFile.parse(FILE, yaml).config();
    assertThat(c.name()).isEqualTo("web");
    assertThat(c.displayName()).isEqualTo("Web shop");
    assertThat(c.description()).isEqualTo("The shop's HTTP server");
    assertThat(c.command()).containsExactly("java", "-Xmx256m", "-jar", "app.jar");
    assertThat(c.workingDirectory()).isEqualTo(Path.of("/etc/svc4j/app"));
    assertThat(c.environment())
        .containsEntry("PORT", "8080")
        .containsEntry("URL", "http://localhost:${PORT}");
    assertThat(c.inheritEnvironment()).isFalse();
    assertThat(c.environmentFiles()).containsExactly("/etc/svc4j/app.env", "-/etc/default/web");
    assertThat(c.runAs()).isEqualTo("www-data");
    assertThat(c.leftovers()).isEqualTo(LeftoverAction.KILL);
    assertThat(c.hooks())
        .isEqualTo(
            new HookSettings(
                List.of("/usr/local/bin/migrate", "--check"),
                null,
                null,
                List.of("logger", "stopped"),
                Duration.ofMinutes(1)));
    var r = c.restart();
    assertThat(r.mode()).isEqualTo(RestartMode.ALWAYS);
    assertThat(r.successCodes()).isEqualTo(Set.of(0, 143));
    assertThat(r.onExit())
        .isEqualTo(Map.of(3, ExitAction.STOP, 75, ExitAction.RESTART, 130, ExitAction.IGNORE));
    assertThat(r.backoff())
        .isEqualTo(new Backoff(Duration.ofMillis(500), Duration.ofMinutes(2), 3.0, 0.2));
    assertThat(r.resetAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(r.crashLoop()).isEqualTo(new CrashLoopLimit(10, Duration.ofMinutes(5)));
    assertThat(r.onOutput()).containsExactly("OutOfMemoryError");
    assertThat(r.maxMemory()).isEqualTo(512L << 20);
    assertThat(r.schedule()).isEqualTo("0 4 * * *");
    assertThat(c.stop()).isEqualTo(new StopSettings("INT", Duration.ofSeconds(45)));
    assertThat(c.readiness().mode()).isEqualTo(ReadinessMode.NOTIFY);
    assertThat(c.readiness().startTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.readiness().watchdog()).isEqualTo(Duration.ofSeconds(30));
    var logs = c.logs();
    assertThat(logs.directory()).isEqualTo(Path.of("/var/log/web"));
    assertThat(logs.maxSize()).isEqualTo(20L << 20);
    assertThat(logs.keep()).isEqualTo(7);
    assertThat(logs.gzip()).isTrue();
    assertThat(logs.timestamps()).isTrue();
    assertThat(logs.bufferBytes()).isEqualTo(1L << 20);
    assertThat(logs.rotateEvery()).isEqualTo(Duration.ofDays(1));
    var h = c.healthCheck();
    assertThat(h.probe())
        .isEqualTo(new HealthProbe.Http(URI.create("http://127.0.0.1:8080/health"), 200, 299));
    assertThat(h.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(h.retries()).isEqualTo(4);
    assertThat(h.startPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(h.restartOnUnhealthy()).isFalse();
  }

  @Test
  void aMinimalFileNeedsOnlyNameAndCommand() {
    var c = ConfigFile.parse(FILE, "name: tiny\ncommand: [sleep, '600']\n").config();
    assertThat(c.restart()).isEqualTo(RestartSettings.DEFAULT);
    assertThat(c.logs()).isNull();
    var tcp =
        ConfigFile.parse(FILE, "name: t\ncommand: [x]\nhealth-check:\n  tcp: {port: 5432}\n")
            .config()
            .healthCheck();
    assertThat(tcp.probe()).isEqualTo(new HealthProbe.Tcp("127.0.0.1", 5432));
    var cmd =
        ConfigFile.parse(FILE, "name: t\ncommand: [x]\nhealth-check:\n  command: [pg_isready]\n")
            .config()
            .healthCheck();
    assertThat(cmd.probe()).isEqualTo(new HealthProbe.Command(List.of("pg_isready")));
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndColumnAndTheKnownKeys() {
    var e = failure("name: web\ncommand: [x]\nrestart:\n  mode: always\n  retries: 3\n");
    assertThat(e.getMessage()).startsWith("/etc/svc4j/web.yaml:5:3: restart.retries: unknown key");
    assertThat(e.problem()).contains("backoff").contains("crash-loop").contains("mode");
  }

  @Test
  void wrongTypesAndInvalidValuesAreLocated() {
    assertThat(
            failure("name: web\ncommand: [x]\nlogs:\n  directory: /l\n  keep: many\n").getMessage())
        .isEqualTo("/etc/svc4j/web.yaml:5:3: logs.keep: 'many' is not a whole number");
    assertThat(failure("name: web\ncommand: java -jar app.jar\n").getMessage())
        .isEqualTo("/etc/svc4j/web.yaml:2:1: command: must be a list, e.g. [java, -jar, app.jar]");
    assertThat(
            failure("name: web\ncommand: [x]\nrestart:\n  backoff:\n    initial: 5s\n    max: 1s\n")
                .getMessage())
        .isEqualTo("/etc/svc4j/web.yaml:6:5: restart.backoff.max: must be at least initial (PT5S)");
    assertThat(failure("name: web\ncommand: [x]\nstop:\n  timeout: soon\n").getMessage())
        .isEqualTo(
            "/etc/svc4j/web.yaml:4:3: stop.timeout: 'soon' is not a duration; write e.g. 500ms,"
                + " 10s, 1.5m, 2h, 1d");
    assertThat(failure("name: web\ncommand: [x]\nrestart:\n  mode: sometimes\n").getMessage())
        .startsWith("/etc/svc4j/web.yaml:4:3: restart.mode: unknown restart policy 'sometimes'");
    assertThat(
            failure("name: web\ncommand: [x]\nrestart:\n  on-output: [ok, '([bad']\n").getMessage())
        .startsWith("/etc/svc4j/web.yaml:4:")
        .contains("restart.on-output[1]: '([bad' is not a valid regular expression");
    assertThat(failure("command: [x]\n").getMessage())
        .isEqualTo("/etc/svc4j/web.yaml:1:1: name: is required");
    assertThat(failure("name: web\ncommand: [x]\nreadiness: {mode: health}\n").getMessage())
        .isEqualTo(
            "/etc/svc4j/web.yaml:3:13: readiness.mode: is 'health' but no health-check is"
                + " configured");
    assertThat(failure("name: web\ncommand: [x]\nhealth-check:\n  interval: 1s\n").getMessage())
        .startsWith(
            "/etc/svc4j/web.yaml:3:1: health-check: needs exactly one of http, tcp or command");
  }

  @Test
  void theSupervisorsOwnLogIsConfigured() {
    var logs =
        ConfigFile.parse(
                FILE,
                "name: web\ncommand: [x]\nlogs:\n  directory: /l\n  supervisor-log: own.log\n"
                    + "  supervisor-format: json\n")
            .config()
            .logs();
    assertThat(logs.supervisorFile("web")).isEqualTo("own.log");
    assertThat(logs.supervisorFormat()).isEqualTo(LogFormat.JSON);
    assertThat(LogSettings.in(Path.of("/l")).supervisorFile("web")).isEqualTo("web.svc4j.log");
    assertThat(LogSettings.in(Path.of("/l")).supervisorFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(
            failure("name: web\ncommand: [x]\nlogs:\n  directory: /l\n  supervisor-format: xml\n")
                .getMessage())
        .isEqualTo(
            "/etc/svc4j/web.yaml:5:3: logs.supervisor-format: unknown format 'xml'; use text or"
                + " json");
  }

  @Test
  void theWindowsStopEventIsReadAndChecked() {
    var config = ConfigFile.parse(FILE, "name: web\ncommand: [x]\nstop: {windows: ctrl-break}\n");
    assertThat(config.config().stop().windows()).isEqualTo(WindowsStopEvent.CTRL_BREAK);
    assertThat(StopSettings.DEFAULT.windows()).isEqualTo(WindowsStopEvent.CTRL_C);
    assertThat(failure("name: web\ncommand: [x]\nstop:\n  windows: sigterm\n").getMessage())
        .isEqualTo(
            "/etc/svc4j/web.yaml:4:3: stop.windows: unknown Windows stop event 'sigterm'; use"
                + " ctrl-c, ctrl-break or close");
  }

  @Test
  void aKeyGivenTwiceIsAnError() {
    var e = failure("name: web\ncommand: [x]\nstop:\n  timeout: 5s\n  timeout: 50s\n");
    assertThat(e.getMessage())
        .isEqualTo("/etc/svc4j/web.yaml:5:3: stop.timeout: is given twice; keep one");
  }

  @Test
  void yamlSyntaxErrorsAreLocated() {
    var e = failure("name: web\ncommand: [x\n");
    assertThat(e.getMessage()).startsWith("/etc/svc4j/web.yaml:").contains("not valid YAML");
    assertThat(e.line()).isPositive();
  }

  @Test
  void laterErrorsCanBeLocatedInTheFile() {
    var file = ConfigFile.parse(FILE, "name: web\ncommand:\n  - no-such-program\n");
    var later = new ConfigException("command", "'no-such-program' was not found on PATH");
    assertThat(file.locate(later).getMessage())
        .isEqualTo("/etc/svc4j/web.yaml:2:1: command: 'no-such-program' was not found on PATH");
    var env = ConfigFile.parse(FILE, "name: web\ncommand: [x]\nenvironment:\n  URL: ${NOPE}\n");
    assertThat(env.locate(new ConfigException("environment.URL", "refers to ${NOPE}")).line())
        .isEqualTo(4);
  }

  @Test
  void unitsAcceptTheDocumentedForms() {
    assertThat(Units.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Units.duration("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Units.duration("10")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Units.duration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Units.size("64KiB")).isEqualTo(65536);
    assertThat(Units.size("1.5G")).isEqualTo(3L << 29);
    assertThatThrownBy(() -> Units.size("10 parsecs")).hasMessageContaining("not a size");
  }
}
