package io.svc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.cli.embed.EmbeddedService;
import io.svc4j.cli.install.InstallCommand;
import io.svc4j.cli.install.JvmOptions;
import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.RestartPolicy;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Svc4jCliTest {

  private final FakeManager manager = new FakeManager();
  private final List<Scope> scopes = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> {
              scopes.add(scope);
              return manager;
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }

  @Test
  void installParsesEveryOption(@TempDir Path dir) throws Exception {
    int code =
        run(
            "install",
            "--name",
            "web",
            "--direct",
            "--type",
            "exec",
            "--working-dir",
            dir.toString(),
            "--env",
            "A=1 2",
            "--env",
            "B=x=y",
            "--user-unit",
            "--restart",
            "always",
            "--restart-delay",
            "500ms",
            "--stop-timeout",
            "2m",
            "--watchdog",
            "10s",
            "--description",
            "Web",
            "--",
            "sh",
            "-c",
            "echo hi");
    assertThat(code).as(err.toString()).isZero();
    var d = manager.installed.get("web");
    assertThat(d.command().get(0)).endsWith("/sh").startsWith("/");
    assertThat(d.command().subList(1, 3)).containsExactly("-c", "echo hi");
    assertThat(d.readiness()).isEqualTo(ReadinessProtocol.EXEC);
    assertThat(d.environment()).containsEntry("A", "1 2").containsEntry("B", "x=y");
    assertThat(d.scope()).isEqualTo(Scope.USER);
    assertThat(d.restart().mode()).isEqualTo(RestartPolicy.Mode.ALWAYS);
    assertThat(d.restart().delay()).isEqualTo(Duration.ofMillis(500));
    assertThat(d.stopTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.watchdog()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.workingDirectory()).isEqualTo(dir);
    assertThat(scopes).containsExactly(Scope.USER);
    assertThat(out.toString()).contains("Installed web (fake)");
  }

  @Test
  void dryRunPrintsAndChangesNothing() {
    int code = run("install", "--name", "web", "--direct", "--dry-run", "--", "/bin/sh", "-c", "x");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("# /fake/web").contains("/bin/sh -c x");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void badInputGivesOneLineAndNonZeroExit() {
    assertOneLineError(
        run("install", "--name", "bad name", "--direct", "--", "/bin/sh"),
        1,
        "invalid service name");
    assertOneLineError(
        run("install", "--name", "web", "--direct", "--", "bin/app"),
        1,
        "relative executable 'bin/app'");
    assertOneLineError(
        run("install", "--name", "web", "--direct", "--", "/no/such/app"), 1, "does not exist");
    assertOneLineError(
        run("install", "--name", "web", "--direct", "--", "no-such-program-xyz"),
        1,
        "not found on PATH");
    assertOneLineError(
        run("install", "--name", "web", "--direct", "--env", "NOEQUALS", "--", "/bin/sh"),
        2,
        "malformed --env 'NOEQUALS'");
    assertOneLineError(
        run("install", "--name", "web", "--direct", "--env", "1X=2", "--", "/bin/sh"),
        2,
        "malformed --env");
    assertOneLineError(
        run("install", "--name", "web", "--direct", "--stop-timeout", "soon", "--", "/bin/sh"),
        2,
        "invalid duration 'soon'");
    assertOneLineError(run("install", "--direct", "--", "/bin/sh"), 2, "--name");
    assertOneLineError(run("install", "--name", "web", "--direct"), 1, "no command given");
    assertOneLineError(
        run("install", "--name", "web", "--direct", "--log-dir", "/x", "--", "/bin/sh"),
        2,
        "need the supervised mode");
    assertOneLineError(
        run("install", "--name", "web", "--", "no-such-program-xyz"), 1, "not found on PATH");
    assertOneLineError(run("frobnicate"), 2, "Unmatched argument");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void existingServiceNeedsForce() {
    assertThat(run("install", "--name", "web", "--direct", "--", "/bin/sh")).isZero();
    assertOneLineError(run("install", "--name", "web", "--direct", "--", "/bin/sh"), 1, "--force");
    assertThat(run("install", "--name", "web", "--direct", "--force", "--", "/bin/sh")).isZero();
  }

  @Test
  void statusExitCodesAreThoseOfSystemctl() throws Exception {
    assertThat(run("status", "web")).isEqualTo(4);
    assertThat(out.toString()).contains("not installed");
    run("install", "--name", "web", "--direct", "--", "/bin/sh");
    assertThat(run("status", "web")).isEqualTo(3);
    assertThat(run("start", "web", "--timeout", "5s")).isZero();
    assertThat(manager.calls).contains("start web PT5S");
    out.getBuffer().setLength(0);
    assertThat(run("status", "web", "--json")).isZero();
    var json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("state").asText()).isEqualTo("running");
    assertThat(json.get("mainPid").asLong()).isEqualTo(42);
    assertThat(json.get("statusText").asText()).isEqualTo("serving");
    manager.states.put("web", ServiceStatus.State.FAILED);
    assertThat(run("status", "web")).isEqualTo(3);
  }

  @Test
  void noWaitMeansZeroTimeout() {
    run("install", "--name", "web", "--direct", "--", "/bin/sh");
    assertThat(run("stop", "web", "--no-wait")).isZero();
    assertThat(manager.calls).contains("stop web PT0S");
    assertThat(run("uninstall", "web")).isZero();
    assertThat(manager.calls).contains("uninstall web PT1M");
    assertThat(run("uninstall", "web")).isEqualTo(4);
  }

  @Test
  void listShowsInstalledServices() {
    run("install", "--name", "a", "--direct", "--", "/bin/sh");
    run("install", "--name", "b", "--direct", "--", "/bin/sh");
    out.getBuffer().setLength(0);
    assertThat(run("list")).isZero();
    assertThat(out.toString()).contains("a ").contains("b ");
  }

  @Test
  void versionAndHelp() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("svc4j ");
    assertThat(run("install", "--help")).isZero();
    assertThat(out.toString()).contains("--dry-run").contains("--direct");
  }

  @Test
  void relativeWorkingDirIsRefused() {
    assertOneLineError(
        run("install", "--name", "w", "--direct", "--working-dir", "rel", "--", "/bin/sh"),
        1,
        "is relative");
  }

  @Test
  void stopDeadlineSitsBelowManagerTimeout() {
    assertThat(InstallCommand.hostStopDeadline(Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(28));
    assertThat(InstallCommand.hostStopDeadline(Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofMillis(4500));
  }

  @Test
  void durationsRoundTrip() {
    for (String s : new String[] {"500ms", "30s", "2m", "1h", "0s"}) {
      assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
    }
    assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void embeddedInstallRunsItselfInRunMode(@TempDir Path dir) throws Exception {
    var context =
        new CliContext(scope -> manager, new PrintWriter(out, true), new PrintWriter(err, true));
    int code =
        EmbeddedService.execute(
            new String[] {"install", "--stop-timeout", "10s", "--", "--port", "9000"},
            "hello",
            args -> null,
            Svc4jCliTest.class,
            context);
    assertThat(code).as(err.toString()).isZero();
    List<String> command = manager.installed.get("hello").command();
    assertThat(Files.isExecutable(Path.of(command.get(0)))).isTrue();
    assertThat(command)
        .containsSubsequence(
            "run", "--name", "hello", "--stop-timeout", "9s", "--", "--port", "9000");
  }

  @Test
  void windowsFlagsBecomeTypedOptionsAndPasswordsStayOffTheCommandLine(@TempDir Path dir)
      throws Exception {
    assertOneLineError(
        run(
            "install",
            "--name",
            "w",
            "--direct",
            "--account",
            "DOM\\u",
            "--password",
            "s3cret",
            "--",
            "/bin/sh"),
        2,
        "never taken on the command line");
    assertThat(err.toString()).doesNotContain("s3cret");
    assertOneLineError(
        run("install", "--name", "w", "--direct", "--start-type", "sometimes", "--", "/bin/sh"),
        2,
        "invalid start type 'sometimes'");
    assertThat(
            run(
                "install",
                "--name",
                "w",
                "--direct",
                "--start-type",
                "manual",
                "--depends-on",
                "Tcpip",
                "--preshutdown-timeout",
                "20s",
                "--",
                "/bin/sh"))
        .as(err.toString())
        .isZero();
    var options = manager.installed.get("w").options(io.svc4j.windows.manager.WindowsOptions.class);
    assertThat(options).isPresent();
    assertThat(options.get().startType().toString()).containsIgnoringCase("manual");
    assertThat(options.get().dependencies()).containsExactly("Tcpip");
    assertThat(manager.installed.get("w").options(io.svc4j.systemd.unit.SystemdOptions.class))
        .isPresent();
  }

  @Test
  void supervisedInstallRunsTheSupervisorWithItsSettings(@TempDir Path dir) throws Exception {
    Path logs = dir.resolve("logs");
    int code =
        run(
            "install",
            "--name",
            "web",
            "--log-dir",
            logs.toString(),
            "--stop-timeout",
            "20s",
            "--",
            "sh",
            "-c",
            "exec sleep 100");
    assertThat(code).as(err.toString()).isZero();
    var d = manager.installed.get("web");
    assertThat(d.readiness()).isEqualTo(ReadinessProtocol.NOTIFY);
    assertThat(d.command())
        .containsSubsequence(
            "run",
            "--name",
            "web",
            "--log-dir",
            logs.toString(),
            "--stop-timeout",
            "20s",
            "--",
            "-c",
            "exec sleep 100");
    assertThat(d.command().get(d.command().indexOf("--") + 1)).startsWith("/").endsWith("/sh");
    assertThat(d.command().subList(0, d.command().indexOf("run")))
        .as("the supervisor JVM's footprint options (docs/performance.md)")
        .containsAll(JvmOptions.supervisor());
    assertThat(d.stopTimeout())
        .as("systemd waits for the program's stop, the tree kill and a margin")
        .isGreaterThan(Duration.ofSeconds(20));
  }

  @Test
  void badSupervisorConfigNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("svc.yaml");
    Files.writeString(config, "name: web\ncommand: [/bin/sh]\nrestart:\n  mode: sometimes\n");
    int code = run("install", "--name", "web", "--config", config.toString());
    assertOneLineError(code, 2, "svc.yaml:4");
    Files.writeString(config, "name: web\ncommand: [/bin/sh]\nfrobnicate: 1\n");
    assertOneLineError(
        run("install", "--config", config.toString(), "--name", "web"), 2, "frobnicate");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void schemaIsPublishedAsJson() throws Exception {
    assertThat(run("schema")).isZero();
    var schema = new ObjectMapper().readTree(out.toString());
    assertThat(schema.path("properties").has("command")).isTrue();
    assertThat(schema.path("properties").has("restart")).isTrue();
  }

  private void assertOneLineError(int code, int expected, String fragment) {
    String e = err.toString();
    assertThat(code).as("exit code for: " + e).isEqualTo(expected);
    assertThat(e).contains(fragment);
    assertThat(e.strip().lines()).as("one line: " + e).hasSize(1);
    assertThat(e).doesNotContain("\tat ");
    err.getBuffer().setLength(0);
  }
}
