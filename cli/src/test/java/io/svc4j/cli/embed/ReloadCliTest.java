package io.svc4j.cli.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.systemd.unit.SystemdOptions;
import io.svc4j.systemd.unit.UnitReload;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which installs get a reload method (supervised always, an embedded application when its service
 * is Reloadable, --direct only with --reload-signal), and {@code svc4j reload}.
 */
class ReloadCliTest {

  private final FakeManager manager = new FakeManager();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CliContext context() {
    return new CliContext(scope -> manager, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private int run(String... args) {
    return Svc4j.execute(args, context());
  }

  private Optional<UnitReload> reloadOf(String name) {
    ServiceDefinition definition = manager.installed.get(name);
    return definition.options(SystemdOptions.class).flatMap(SystemdOptions::reloadMethod);
  }

  static class Plain implements Service {
    @Override
    public void start(ServiceContext context) {}

    @Override
    public void stop(ServiceContext context) {}
  }

  static final class Reloading extends Plain implements Reloadable {
    @Override
    public void reload(ServiceContext context) {}
  }

  private int embedded(ServiceFactory factory, String... args) {
    return EmbeddedService.execute(args, "app", factory, ReloadCliTest.class, context());
  }

  @Test
  void aSupervisedServiceAlwaysReloads(@TempDir Path dir) {
    int code =
        run("install", "--name", "web", "--log-dir", dir.toString(), "--", "sh", "-c", "sleep 1");

    assertThat(code).as(err.toString()).isZero();
    assertThat(reloadOf("web")).contains(UnitReload.SVC4J);
  }

  @Test
  void aDirectProgramReloadsOnlyWithReloadSignal() {
    assertThat(run("install", "--name", "a", "--direct", "--", "/bin/sh")).isZero();
    assertThat(reloadOf("a")).isEmpty();

    assertThat(
            run("install", "--name", "b", "--direct", "--reload-signal", "usr1", "--", "/bin/sh"))
        .isZero();
    assertThat(reloadOf("b")).contains(UnitReload.bySignal(UnitReload.Signal.USR1));
  }

  @Test
  void aReloadSignalThatStopsOrOutsideDirectModeIsOneLine(@TempDir Path dir) {
    int code =
        run("install", "--name", "c", "--direct", "--reload-signal", "TERM", "--", "/bin/sh");
    assertOneLineError(code, "unknown reload signal 'TERM': use HUP, USR1 or USR2");

    code =
        run(
            "install",
            "--name",
            "d",
            "--log-dir",
            dir.toString(),
            "--reload-signal",
            "HUP",
            "--",
            "sh");
    assertOneLineError(code, "--reload-signal is for --direct programs");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void anEmbeddedApplicationReloadsWhenItsServiceIsReloadable() {
    assertThat(embedded(args -> new Reloading(), "install", "--name", "r")).isZero();
    assertThat(reloadOf("r")).contains(UnitReload.SVC4J);

    assertThat(embedded(args -> new Plain(), "install", "--name", "p")).isZero();
    assertThat(reloadOf("p")).isEmpty();
  }

  @Test
  void anEmbeddedServiceThatCannotBeBuiltAtInstallIsInstalledWithoutReloadAndSaysSo() {
    int code =
        embedded(
            args -> {
              throw new IllegalArgumentException("--token-file /secret: not readable");
            },
            "install",
            "--name",
            "x");

    assertThat(code).isZero();
    assertThat(reloadOf("x")).isEmpty();
    assertThat(err.toString().strip().lines())
        .containsExactly(
            "warning: cannot tell whether x supports reload (building it from its arguments"
                + " failed: --token-file /secret: not readable); it is installed without reload");
  }

  @Test
  void reloadGoesThroughTheManagerAndWaits() {
    run("install", "--name", "web", "--direct", "--reload-signal", "HUP", "--", "/bin/sh");
    run("start", "web");

    assertThat(run("reload", "web", "--timeout", "20s")).isZero();

    assertThat(manager.calls).contains("reload web PT20S");
    assertThat(out.toString()).contains("Reloaded web: ");
  }

  @Test
  void reloadOfAServiceThatDoesNotSupportItIsOneLineAndNonZero() {
    run("install", "--name", "web", "--direct", "--", "/bin/sh");
    err.getBuffer().setLength(0);

    int code = run("reload", "web");

    assertThat(code).isNotZero();
    assertThat(err.toString().strip().lines())
        .singleElement()
        .asString()
        .contains("service 'web' does not support reload");
    assertThat(manager.calls).noneMatch(call -> call.startsWith("reload"));
  }

  private void assertOneLineError(int code, String fragment) {
    String e = err.toString();
    assertThat(code).as("exit code for: " + e).isEqualTo(2);
    assertThat(e).contains(fragment);
    assertThat(e.strip().lines()).as("one line: " + e).hasSize(1);
    err.getBuffer().setLength(0);
  }
}
