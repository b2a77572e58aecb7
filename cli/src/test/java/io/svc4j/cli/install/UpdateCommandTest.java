package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.Artefact;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.windows.manager.ServiceAccount;
import io.svc4j.windows.manager.SidType;
import io.svc4j.windows.manager.StartType;
import io.svc4j.windows.manager.WindowsUpdate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateCommandTest {

  private final FakeManager fake = new FakeManager();
  private ServiceManager manager = fake;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void installed() {
    fake.install(ServiceDefinition.builder("web").command(List.of("C:\\app.exe")).build(), false);
  }

  private int run(String... args) {
    var context =
        new CliContext(scope -> manager, new PrintWriter(out, true), new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }

  private void assertOneLineError(int code, int expected, String fragment) {
    String e = err.toString();
    assertThat(code).as("exit code for: " + e).isEqualTo(expected);
    assertThat(e).contains(fragment);
    assertThat(e.strip().lines()).as("one line: " + e).hasSize(1);
    err.getBuffer().setLength(0);
  }

  @Test
  void onlyTheGivenSettingsAreInTheUpdate() {
    int code = run("update", "web", "--description", "new text", "--start-type", "manual");

    assertThat(code).as(err.toString()).isZero();
    ServiceUpdate update = fake.updates.get("web");
    assertThat(update.description()).contains("new text");
    assertThat(update.displayName()).isEmpty();
    assertThat(update.command()).isEmpty();
    WindowsUpdate windows = update.options(WindowsUpdate.class).orElseThrow();
    assertThat(windows.startType()).contains(StartType.MANUAL);
    assertThat(windows.account()).isEmpty();
    assertThat(windows.dependencies()).isEmpty();
    assertThat(windows.preshutdownTimeout()).isEmpty();
    assertThat(windows.sidType()).isEmpty();
    assertThat(out.toString()).startsWith("Updated web: ");
  }

  @Test
  void everyWindowsFlag(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret\n");
    int code =
        run(
            "update",
            "web",
            "--display-name",
            "Web",
            "--account",
            "CORP\\svc",
            "--password-file",
            file.toString(),
            "--depends-on",
            "Tcpip",
            "--depends-on",
            "+NetGroup",
            "--preshutdown-timeout",
            "1m",
            "--sid-type",
            "restricted");

    assertThat(code).as(err.toString()).isZero();
    ServiceUpdate update = fake.updates.get("web");
    assertThat(update.displayName()).contains("Web");
    assertThat(update.description()).isEmpty();
    WindowsUpdate windows = update.options(WindowsUpdate.class).orElseThrow();
    assertThat(windows.account()).get().isInstanceOf(ServiceAccount.User.class);
    assertThat(windows.dependencies()).contains(List.of("Tcpip", "+NetGroup"));
    assertThat(windows.preshutdownTimeout()).contains(Duration.ofMinutes(1));
    assertThat(windows.sidType()).contains(SidType.RESTRICTED);
    assertThat(windows.startType()).isEmpty();
    assertThat(out.toString()).contains("next start").doesNotContain("s3cret");

    assertThat(run("update", "web", "--no-dependencies")).isZero();
    assertThat(fake.updates.get("web").options(WindowsUpdate.class).flatMap(w -> w.dependencies()))
        .isEqualTo(Optional.of(List.of()));
  }

  @Test
  void badInputIsOneLineWithTheUsualExitCodes() {
    assertOneLineError(run("update", "web"), 2, "nothing to update");
    assertOneLineError(
        run("update", "web", "--account", "DOM\\u", "--password", "s3cret"),
        2,
        "never taken on the command line");
    assertThat(err.toString()).doesNotContain("s3cret");
    assertOneLineError(
        run("update", "web", "--start-type", "sometimes"), 2, "invalid start type 'sometimes'");
    assertOneLineError(run("update", "web", "--password-file", "pw"), 2, "--account DOMAIN\\user");
    assertOneLineError(run("update", "gone", "--description", "x"), 4, "not installed");
    assertThat(fake.updates).isEmpty();
  }

  @Test
  void managersThatCannotUpdateInPlaceSaySo() {
    manager = new WholeDefinitionsOnly(fake);
    assertOneLineError(
        run("update", "web", "--description", "x"),
        1,
        "fake cannot update services in place: use install --force");
  }

  /** A manager with the interface's default update, as systemd has. */
  private record WholeDefinitionsOnly(ServiceManager d) implements ServiceManager {
    @Override
    public String name() {
      return d.name();
    }

    @Override
    public List<Artefact> plan(ServiceDefinition definition) {
      return d.plan(definition);
    }

    @Override
    public void install(ServiceDefinition definition, boolean force) {
      d.install(definition, force);
    }

    @Override
    public void uninstall(String name, Duration timeout) {
      d.uninstall(name, timeout);
    }

    @Override
    public ServiceStatus start(String name, Duration timeout) {
      return d.start(name, timeout);
    }

    @Override
    public ServiceStatus stop(String name, Duration timeout) {
      return d.stop(name, timeout);
    }

    @Override
    public ServiceStatus restart(String name, Duration timeout) {
      return d.restart(name, timeout);
    }

    @Override
    public ServiceStatus status(String name) {
      return d.status(name);
    }

    @Override
    public List<ServiceStatus> list() {
      return d.list();
    }
  }
}
