package io.svc4j.systemd.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceStatus.State;
import io.svc4j.runtime.HostEnvironment;
import io.svc4j.systemd.unit.UnitRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's decisions (what it writes, refuses, undoes and reports) against a fake systemctl.
 */
class SystemdManagerTest {

  @TempDir Path units;

  private final FakeSystemctl systemctl = new FakeSystemctl();
  private boolean root = true;

  private SystemdManager manager(Scope scope) {
    return new SystemdManager(scope, FakeSystemctl.PREFIX, units, systemctl, () -> root);
  }

  private static ServiceDefinition web() {
    return ServiceDefinition.builder("web").command(List.of("/bin/sh", "-c", "sleep 1")).build();
  }

  private Path unitFile() {
    return units.resolve("web.service");
  }

  private void loaded() {
    systemctl.showOutput = "LoadState=loaded\nActiveState=inactive\nSubState=dead\n";
  }

  @Test
  void installWritesTheUnitThenReloadsChecksAndEnables() throws Exception {
    systemctl.on(
        "daemon-reload",
        args -> {
          loaded();
          return CommandRunner.Result.ok("");
        });

    manager(Scope.SYSTEM).install(web(), false);

    assertThat(unitFile()).hasContent(UnitRenderer.render(web()).render().stripTrailing());
    assertThat(systemctl.calls)
        .containsExactly(
            "show web.service -p LoadState,FragmentPath",
            "daemon-reload",
            "show web.service -p LoadState,LoadError",
            "enable web.service");
    assertThat(Files.list(units)).containsExactly(unitFile()); // no temporary file left behind
  }

  @Test
  void planShowsExactlyWhatInstallWritesAndChangesNothing() {
    var plan = manager(Scope.SYSTEM).plan(web());

    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).location()).isEqualTo(unitFile().toString());
    assertThat(plan.get(0).content()).isEqualTo(UnitRenderer.render(web()).render());
    assertThat(unitFile()).doesNotExist();
    assertThat(systemctl.calls).isEmpty();
  }

  @Test
  void reinstallingTheSameUnitIsIdempotent() throws Exception {
    Files.writeString(unitFile(), UnitRenderer.render(web()).render());
    loaded();

    manager(Scope.SYSTEM).install(web(), false);

    assertThat(systemctl.calls).containsExactly("daemon-reload", "enable web.service");
  }

  @Test
  void aDifferentUnitIsOnlyReplacedWithForce() throws Exception {
    Files.writeString(unitFile(), "[Service]\nExecStart=/bin/true\n");
    loaded();

    // what the platform says; RefusalLinesTest (cli) checks the line naming --force
    assertThat(refusal(() -> manager(Scope.SYSTEM).install(web(), false)))
        .isEqualTo(new Refusal.UnitDiffers("web", unitFile()));
    assertThat(unitFile()).hasContent("[Service]\nExecStart=/bin/true");

    manager(Scope.SYSTEM).install(web(), true);
    assertThat(Files.readString(unitFile())).isEqualTo(UnitRenderer.render(web()).render());
  }

  @Test
  void aUnitOfTheSameNameElsewhereIsNotShadowed() {
    systemctl.showOutput = "LoadState=loaded\nFragmentPath=/lib/systemd/system/web.service\n";

    assertThat(refusal(() -> manager(Scope.SYSTEM).install(web(), false)))
        .isEqualTo(
            new Refusal.ForeignUnit("web.service", "/lib/systemd/system/web.service", unitFile()));
    assertThat(unitFile()).doesNotExist();
  }

  @Test
  void aFailedEnableRemovesTheNewUnitAgain() {
    systemctl.on(
        "daemon-reload",
        args -> {
          loaded();
          return CommandRunner.Result.ok("");
        });
    systemctl.fail("enable", "Failed to enable unit: Read-only file system");

    assertThatThrownBy(() -> manager(Scope.SYSTEM).install(web(), false))
        .isInstanceOf(ManagerException.class)
        .hasMessage(
            "installing service 'web' failed, nothing was installed: systemctl enable web.service"
                + " failed: Failed to enable unit: Read-only file system");
    assertThat(unitFile()).doesNotExist();
    assertThat(systemctl.calls).endsWith("disable web.service", "daemon-reload");
  }

  @Test
  void aUnitSystemdRejectsIsRolledBackToThePreviousFile() throws Exception {
    Files.writeString(unitFile(), "# the old one\n");
    systemctl.showOutput =
        "LoadState=bad-setting\nLoadError=org.freedesktop.systemd1.BadUnitSetting \"bad\"\n";

    assertThatThrownBy(() -> manager(Scope.SYSTEM).install(web(), true))
        .hasMessageStartingWith(
            "installing service 'web' failed, the previous unit file was restored: systemd"
                + " rejected the unit");
    assertThat(unitFile()).hasContent("# the old one");
    assertThat(systemctl.calls).doesNotContain("enable web.service").endsWith("daemon-reload");
  }

  @Test
  void withoutARunningSystemdNothingIsWritten() {
    systemctl.fail("show", "System has not been booted with systemd as init system (PID 1).");

    assertThatThrownBy(() -> manager(Scope.SYSTEM).install(web(), true))
        .hasMessageStartingWith("systemd is not running on this machine");
    assertThat(unitFile()).doesNotExist();
  }

  @Test
  void aRollbackSaysSoWhenSystemdCouldNotReloadEither() {
    systemctl.fail("daemon-reload", "Failed to reload daemon: Connection timed out");

    assertThatThrownBy(() -> manager(Scope.SYSTEM).install(web(), false))
        .hasMessage(
            "installing service 'web' failed, nothing was installed (but daemon-reload failed:"
                + " Failed to reload daemon: Connection timed out): systemctl daemon-reload"
                + " failed: Failed to reload daemon: Connection timed out");
    assertThat(unitFile()).doesNotExist();
  }

  @Test
  void aServiceThatExitsRightAfterStartingIsReportedAsSuch() {
    systemctl.showOutput =
        "LoadState=loaded\nActiveState=inactive\nSubState=dead\nResult=success\n"
            + "ExecMainCode=1\nExecMainStatus=0\nMainPID=0\n";

    assertThatThrownBy(() -> manager(Scope.SYSTEM).start("web", Duration.ofSeconds(5)))
        .hasMessage(
            "service 'web' failed to start: it is inactive (dead), exit code 0; see journalctl"
                + " -u web.service");
  }

  @Test
  void systemInstallWithoutRootIsRefusedBeforeAnythingIsWritten() {
    root = false;

    assertThat(refusal(() -> manager(Scope.SYSTEM).install(web(), false)))
        .isEqualTo(new Refusal.NeedsRoot("install", "web"));
    assertThat(unitFile()).doesNotExist();
    assertThat(systemctl.calls).isEmpty();
  }

  @Test
  void userInstallNeedsNoRootAndUsesTheUserManager() {
    root = false;
    systemctl.on(
        "daemon-reload",
        args -> {
          loaded();
          return CommandRunner.Result.ok("");
        });
    ServiceDefinition user =
        ServiceDefinition.builder("web").command(List.of("/bin/sh")).scope(Scope.USER).build();

    manager(Scope.USER).install(user, false);

    assertThat(systemctl.calls).allSatisfy(call -> assertThat(call).startsWith("--user "));
    assertThat(unitFile()).content().contains("WantedBy=default.target");
  }

  @Test
  void missingOrRelativeExecutablesAreRefused() {
    ServiceDefinition relative =
        ServiceDefinition.builder("web").command(List.of("bin/server")).build();
    ServiceDefinition missing =
        ServiceDefinition.builder("web").command(List.of("/nonexistent/server")).build();

    assertThatThrownBy(() -> manager(Scope.SYSTEM).install(relative, false))
        .hasMessageStartingWith(
            "the executable 'bin/server' of service 'web' is not an absolute path");
    assertThatThrownBy(() -> manager(Scope.SYSTEM).plan(missing))
        .hasMessage("the executable /nonexistent/server does not exist: check the path after --");
    assertThat(systemctl.calls).isEmpty();
  }

  @Test
  void uninstallStopsDisablesRemovesAndReloads() throws Exception {
    Files.writeString(unitFile(), UnitRenderer.render(web()).render());
    loaded();

    manager(Scope.SYSTEM).uninstall("web", Duration.ofSeconds(5));

    assertThat(unitFile()).doesNotExist();
    assertThat(systemctl.calls)
        .containsSubsequence(
            "stop web.service", "disable web.service", "daemon-reload", "reset-failed web.service");
  }

  @Test
  void anUninstallWhoseStopTimesOutRemovesNothing() throws Exception {
    Files.writeString(unitFile(), UnitRenderer.render(web()).render());
    systemctl.showOutput = "LoadState=loaded\nActiveState=deactivating\nSubState=stop-sigterm\n";
    systemctl.on("stop", args -> new CommandRunner.Result(-1, "", "", true));

    assertThatThrownBy(() -> manager(Scope.SYSTEM).uninstall("web", Duration.ofSeconds(1)))
        .hasMessageStartingWith("service 'web' did not stop within 1s");
    assertThat(unitFile()).exists();
    assertThat(systemctl.calls).doesNotContain("disable web.service");
  }

  @Test
  void uninstallLeavesUnitsSvc4jDidNotWrite() throws Exception {
    Files.writeString(unitFile(), "[Service]\nExecStart=/bin/true\n");

    assertThatThrownBy(() -> manager(Scope.SYSTEM).uninstall("web", Duration.ofSeconds(5)))
        .hasMessageContaining("was not written by svc4j");
    assertThat(unitFile()).exists();
  }

  @Test
  void uninstallOfAnUnknownServiceSaysSoWithExitCode4() {
    assertThatThrownBy(() -> manager(Scope.SYSTEM).uninstall("web", Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(ManagerException.class, e -> assertThat(e.exitCode()).isEqualTo(4))
        .hasMessage("service 'web' is not installed");
    assertThat(refusal(() -> manager(Scope.USER).uninstall("web", Duration.ofSeconds(5))))
        .isEqualTo(new Refusal.NotInstalled("web", Scope.USER));
  }

  @Test
  void aFailedStartIsReportedWithResultAndExitCode() {
    systemctl.showOutput =
        """
        LoadState=loaded
        ActiveState=activating
        SubState=auto-restart
        Result=exit-code
        ExecMainCode=1
        ExecMainStatus=2
        MainPID=0
        """;
    systemctl.fail("start", "Job for web.service failed because the control process exited.");

    assertThatThrownBy(() -> manager(Scope.SYSTEM).start("web", Duration.ofSeconds(5)))
        .hasMessage(
            "service 'web' failed to start: result exit-code, exit code 2, systemd will retry;"
                + " see journalctl -u web.service");
  }

  @Test
  void aStartThatOutlivesTheTimeoutIsReportedAsNotReady() {
    systemctl.showOutput = "LoadState=loaded\nActiveState=activating\nSubState=start\n";
    systemctl.on("start", args -> new CommandRunner.Result(-1, "", "", true));

    assertThatThrownBy(() -> manager(Scope.SYSTEM).start("web", Duration.ofSeconds(2)))
        .hasMessageStartingWith(
            "service 'web' did not become ready within 2s (now activating (start))");
  }

  @Test
  void startWithoutWaitingOnlyQueuesTheJob() {
    systemctl.showOutput = "LoadState=loaded\nActiveState=activating\nSubState=start\n";

    ServiceStatus status = manager(Scope.SYSTEM).start("web", Duration.ZERO);

    assertThat(status.state()).isEqualTo(State.STARTING);
    assertThat(systemctl.calls).contains("start --no-block web.service");
  }

  @Test
  void aStopThatOutlivesTheTimeoutSaysSo() {
    systemctl.showOutput = "LoadState=loaded\nActiveState=deactivating\nSubState=stop-sigterm\n";
    systemctl.on("stop", args -> new CommandRunner.Result(-1, "", "", true));

    assertThatThrownBy(() -> manager(Scope.SYSTEM).stop("web", Duration.ofSeconds(1)))
        .hasMessageStartingWith(
            "service 'web' did not stop within 1s (now deactivating (stop-sigterm))");
  }

  @Test
  void systemctlWithoutARunningSystemdGivesOneClearLine() {
    systemctl.fail(
        "show",
        "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
            + "Failed to connect to bus: Host is down");

    assertThatThrownBy(() -> manager(Scope.SYSTEM).status("web"))
        .hasMessage(
            "systemd is not running on this machine (systemctl show web.service: System has not"
                + " been booted with systemd as init system (PID 1). Can't operate.)");
  }

  @Test
  void listShowsOnlyTheUnitsSvc4jGenerated() throws Exception {
    Files.writeString(unitFile(), UnitRenderer.render(web()).render());
    Files.writeString(units.resolve("other.service"), "[Service]\nExecStart=/bin/true\n");
    Files.writeString(units.resolve("notes.txt"), UnitRenderer.render(web()).render());
    systemctl.showOutput = "LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=7\n";

    List<ServiceStatus> list = manager(Scope.SYSTEM).list();

    assertThat(list).extracting(ServiceStatus::name).containsExactly("web");
    assertThat(list.get(0).state()).isEqualTo(State.RUNNING);
  }

  @Test
  void userUnitsLiveInTheXdgConfigDirectory() {
    assertThat(
            SystemdManager.defaultUnitDirectory(
                Scope.USER, new HostEnvironment(Map.of("HOME", "/home/ann"), "Linux")))
        .isEqualTo(Path.of("/home/ann/.config/systemd/user"));
    assertThat(
            SystemdManager.defaultUnitDirectory(
                Scope.USER,
                new HostEnvironment(
                    Map.of("HOME", "/home/ann", "XDG_CONFIG_HOME", "/cfg"), "Linux")))
        .isEqualTo(Path.of("/cfg/systemd/user"));
    assertThat(SystemdManager.defaultUnitDirectory(Scope.SYSTEM, new HostEnvironment(Map.of(), "")))
        .isEqualTo(Path.of("/etc/systemd/system"));
  }

  @Test
  void effectiveUidIsReadFromProcStatus() {
    assertThat(Privileges.effectiveUid("Name:\tjava\nUid:\t1000\t0\t0\t0\n")).isZero();
    assertThat(Privileges.effectiveUid("Uid:\t0\t1000\t1000\t1000\n")).isEqualTo(1000);
  }

  @Test
  void reloadOfAUnitWithoutExecReloadIsOneLineAndRunsNothing() {
    systemctl.showOutput = "LoadState=loaded\nCanReload=no\nActiveState=active\n";

    assertThat(refusal(() -> manager(Scope.SYSTEM).reload("web", Duration.ofSeconds(5))))
        .isEqualTo(new Refusal.ReloadUnsupported("web"));
    assertThat(systemctl.calls).noneMatch(call -> call.startsWith("reload"));
  }

  @Test
  void reloadOfAStoppedServiceSaysSo() {
    systemctl.showOutput = "LoadState=loaded\nCanReload=yes\nActiveState=inactive\n";

    assertThatThrownBy(() -> manager(Scope.SYSTEM).reload("web", Duration.ofSeconds(5)))
        .hasMessage("cannot reload service 'web': it is inactive, not running; start it");
    assertThat(systemctl.calls).noneMatch(call -> call.startsWith("reload"));
  }

  @Test
  void reloadRunsTheJobAndReturnsTheStatusOnceActiveAgain() {
    systemctl.showOutput =
        "LoadState=loaded\nCanReload=yes\nActiveState=active\nSubState=running\nMainPID=42\n";

    ServiceStatus status = manager(Scope.SYSTEM).reload("web", Duration.ofSeconds(5));

    assertThat(systemctl.calls).contains("reload web.service");
    assertThat(status.state()).isEqualTo(State.RUNNING);
  }

  @Test
  void installAsksTheVersionOnlyForAUnitThatDependsOnIt() throws Exception {
    systemctl.on(
        "show", args -> CommandRunner.Result.ok(args.contains("Version") ? "253.1\n" : ""));
    var reloading =
        ServiceDefinition.builder("web")
            .command(List.of("/bin/sh", "-c", "sleep 1"))
            .platformOptions(
                io.svc4j.systemd.unit.SystemdOptions.builder()
                    .reload(io.svc4j.systemd.unit.UnitReload.SVC4J)
                    .build())
            .build();

    assertThat(manager(Scope.SYSTEM).unitText(web())).doesNotContain("Reload");
    assertThat(systemctl.calls).isEmpty();
    assertThat(manager(Scope.SYSTEM).unitText(reloading)).contains("Type=notify-reload");
    assertThat(systemctl.calls).containsExactly("show -p Version --value");
  }

  /** The typed refusal {@code call} throws; its plain line names no CLI flag. */
  private static Refusal refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(ManagerException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n").doesNotContain("--");
    return ((ManagerException) thrown)
        .refusal()
        .orElseThrow(() -> new AssertionError("no typed refusal: " + thrown));
  }
}
