package io.svc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.manager.Refusal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The platforms report refusals as data; the CLI's line for each names the flag that fixes it.
 * These are the lines the platforms themselves used to word (what, where, how to fix).
 */
class RefusalLinesTest {

  @Test
  void eachRefusalIsOneLineNamingTheFlagThatFixesIt() {
    assertThat(RefusalLines.line(new Refusal.PerUserService(Optional.empty())))
        .isEqualTo(
            "per-user services are not supported on Windows: drop --user-unit (Windows services"
                + " are machine-wide)");
    assertThat(RefusalLines.line(new Refusal.PerUserService(Optional.of("web"))))
        .isEqualTo(
            "per-user services are not supported on Windows: install 'web' without --user-unit");
    assertThat(RefusalLines.line(new Refusal.WorkingDirectory("web", Path.of("/srv"))))
        .isEqualTo(
            "Windows services have no working directory setting (they start in System32): drop"
                + " --working-dir /srv and use absolute paths");
    assertThat(RefusalLines.line(new Refusal.EnvironmentFiles("web")))
        .isEqualTo(
            "the Windows SCM cannot read environment files: install without --direct, and the"
                + " supervisor reads them at every start (--env would put the values in the"
                + " service's registry key, which every local user can read)");
    assertThat(RefusalLines.line(new Refusal.NothingToUpdate("web")))
        .isEqualTo(
            "nothing to update for service 'web': give a setting to change, e.g. --description or"
                + " --start-type");
    assertThat(RefusalLines.line(new Refusal.LogonFailed("web", Optional.of("CORP\\admin"))))
        .isEqualTo(
            "cannot start service 'web': CORP\\admin could not log on (error 1069): its password"
                + " is wrong or it lacks 'Log on as a service' (SeServiceLogonRight); svc4j update"
                + " web --account CORP\\admin --password-file FILE sets the password and grants"
                + " the right");
    assertThat(RefusalLines.line(new Refusal.LogonFailed("web", Optional.of("CORP\\web$"))))
        .startsWith(
            "cannot start service 'web': CORP\\web$ could not log on (error 1069): this computer"
                + " may not retrieve the gMSA's password")
        .endsWith("; svc4j update web --account CORP\\web$ grants the right");
    assertThat(RefusalLines.line(new Refusal.OtherVirtualAccount("web", "other")))
        .isEqualTo(
            "NT SERVICE\\other is the virtual account of another service: service 'web' can only"
                + " run as its own, NT SERVICE\\web (--account virtual)");
    assertThat(RefusalLines.line(new Refusal.PasswordMissing(".\\svc")))
        .isEqualTo(
            "account .\\svc needs a password: give --password-file FILE or --password-prompt"
                + " (never the password itself)");
    assertThat(RefusalLines.line(new Refusal.AlreadyInstalled("web")))
        .isEqualTo(
            "service 'web' already exists: uninstall it first, or add --force to update its"
                + " configuration");
    assertThat(RefusalLines.line(new Refusal.StartTimedOut("web", Duration.ofSeconds(5), 5)))
        .isEqualTo(
            "service 'web' start timed out after 5 s: it was stopped (service-specific error 5);"
                + " make its start faster, or raise the limit with svc4j install --force"
                + " --start-timeout");
    assertThat(
            RefusalLines.line(
                new Refusal.WaitTimedOut(
                    "web", "start", Duration.ofSeconds(1), "START_PENDING", false)))
        .isEqualTo(
            "timed out after 1 s waiting to start service 'web' (it is START_PENDING): retry with"
                + " a longer --timeout");
  }

  @Test
  void systemdRefusalsNameTheFlagThatFixesThem() {
    Path unit = Path.of("/etc/systemd/system/web.service");
    assertThat(RefusalLines.line(new Refusal.UnitDiffers("web", unit)))
        .isEqualTo(
            "service 'web' is already installed with a different unit file ("
                + unit
                + "): uninstall it first, or pass --force to replace it");
    assertThat(
            RefusalLines.line(
                new Refusal.ForeignUnit("web.service", "/lib/systemd/system/web.service", unit)))
        .isEqualTo(
            "a unit named web.service already exists (/lib/systemd/system/web.service): choose"
                + " another service name, or pass --force to override it with "
                + unit);
    assertThat(
            RefusalLines.line(
                new Refusal.ForeignSocketUnit(Path.of("/etc/systemd/system/web.socket"))))
        .isEqualTo(
            "the socket unit /etc/systemd/system/web.socket was not written by svc4j: remove it,"
                + " or install without --socket");
    assertThat(RefusalLines.line(new Refusal.ReloadUnsupported("web")))
        .isEqualTo(
            "service 'web' does not support reload (its unit has no ExecReload=): reinstall it as"
                + " an svc4j application that implements Reloadable, supervised, or with"
                + " --reload-signal");
    assertThat(RefusalLines.line(new Refusal.ReloadTimedOut("web", Duration.ofMillis(1500))))
        .isEqualTo(
            "service 'web' did not finish reloading within 1500ms; systemd gives up at its"
                + " TimeoutStartSec: retry with a longer --timeout");
    assertThat(
            RefusalLines.line(
                new Refusal.StopTimedOut(
                    "web", Duration.ofSeconds(1), "deactivating (stop-sigterm)")))
        .isEqualTo(
            "service 'web' did not stop within 1s (now deactivating (stop-sigterm)); systemd"
                + " kills it at its TimeoutStopSec: retry with a longer --timeout");
    assertThat(RefusalLines.line(new Refusal.NotInstalled("web", io.svc4j.manager.Scope.SYSTEM)))
        .isEqualTo("service 'web' is not installed: see 'svc4j list'");
    assertThat(RefusalLines.line(new Refusal.NotInstalled("web", io.svc4j.manager.Scope.USER)))
        .isEqualTo("service 'web' is not installed as a --user-unit service: see 'svc4j list'");
    assertThat(RefusalLines.line(new Refusal.NeedsRoot("install", "web")))
        .isEqualTo(
            "cannot install the system service 'web' without root: run with sudo, or use"
                + " --user-unit for a service of your own user");
  }

  @Test
  void theCliPrintsTheRefusalsLineNotThePlatformsPlainDescription() {
    FakeManager manager = new FakeManager();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            scope -> manager,
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    String[] install = {"install", "--name", "web", "--direct", "--", "/bin/true"};
    assertThat(Svc4j.execute(install, context)).isZero();

    assertThat(Svc4j.execute(install, context)).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "svc4j: error: service 'web' already exists: uninstall it first, or add --force to"
                + " update its configuration"
                + System.lineSeparator());
  }
}
