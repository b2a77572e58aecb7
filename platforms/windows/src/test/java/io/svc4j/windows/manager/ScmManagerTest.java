package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceStatus.State;
import io.svc4j.windows.Scm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScmManagerTest {

  private final FakeScmApi scm = new FakeScmApi();
  private final FakeAccountRights lsa =
      new FakeAccountRights().withAccount("CORP\\svc", "SeServiceLogonRight");
  private final ScmManager manager = new ScmManager(scm, lsa, Duration.ofMillis(1));

  private static ServiceDefinition definition(String name) {
    return ServiceDefinition.builder(name)
        .command(List.of("C:\\Program Files\\Java\\bin\\java.exe", "-jar", "C:\\apps\\app.jar"))
        .build();
  }

  private void installed(String name) {
    manager.install(definition(name), false);
    scm.calls.clear();
  }

  @Test
  void installCreatesConfiguresMarksAndRegistersTheEventSource() {
    manager.install(definition("web"), false);

    assertThat(scm.calls).containsExactly("create", "configure", "mark", "registerEventSource");
    assertThat(scm.services.get("web").config.binaryPath())
        .isEqualTo("\"C:\\Program Files\\Java\\bin\\java.exe\" -Xrs -jar C:\\apps\\app.jar");
    assertThat(scm.services.get("web").marked).isTrue();
    assertThat(scm.eventSources).containsKey("web");
    assertThat(scm.lastPassword).isNull();
  }

  @Test
  void failedInstallLeavesNothingBehind() {
    scm.failOn.put("registerEventSource", Scm.ERROR_ACCESS_DENIED);

    assertThatThrownBy(() -> manager.install(definition("web"), false))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("access denied")
        .hasMessageContaining("elevated");

    assertThat(scm.services).isEmpty();
    assertThat(scm.eventSources).isEmpty();
    assertThat(scm.calls).endsWith("delete", "removeEventSource");
  }

  @Test
  void failedConfigurationIsRolledBack() {
    scm.failOn.put("configure", 87);
    assertThatThrownBy(() -> manager.install(definition("web"), false))
        .isInstanceOf(ManagerException.class)
        .hasMessageStartingWith("cannot configure service 'web'");
    assertThat(scm.services).isEmpty();
  }

  @Test
  void refusesAnExistingServiceWithoutForce() {
    installed("web");
    assertThat(Refusals.of(() -> manager.install(definition("web"), false)))
        .isEqualTo(new Refusal.AlreadyInstalled("web"));
    assertThat(scm.calls).isEmpty();
  }

  @Test
  void forceUpdatesOnlyServicesSvc4jInstalled() {
    installed("web");
    manager.install(definition("web"), true);
    assertThat(scm.calls).containsExactly("update", "configure", "mark");

    FakeScmApi.Entry foreign = new FakeScmApi.Entry();
    scm.services.put("foreign", foreign);
    assertThatThrownBy(() -> manager.install(definition("foreign"), true))
        .hasMessageContaining("not installed by svc4j");
  }

  @Test
  void passwordComesFromTheFileAndIsWipedAfterUse(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret\r\n");
    ServiceDefinition definition =
        ServiceDefinition.builder("web")
            .command(List.of("C:\\app.exe"))
            .platformOptions(
                WindowsOptions.DEFAULTS.withAccount(
                    new ServiceAccount.User("CORP\\svc", new PasswordSource.FromFile(file))))
            .build();

    String plan = manager.plan(definition).getFirst().content();
    manager.install(definition, false);

    assertThat(scm.lastPassword).containsExactly('s', '3', 'c', 'r', 'e', 't');
    assertThat(plan).contains("CORP\\svc (password from file").doesNotContain("s3cret");
  }

  @Test
  void startWaitsThroughStartPendingUntilRunning() {
    installed("web");
    scm.services.get("web").onStart =
        s -> new RawStatus(Scm.START_PENDING, Scm.ACCEPT_STOP, 0, 0, 1, 10_000, 7);
    scm.services
        .get("web")
        .script
        .addAll(
            List.of(
                new RawStatus(Scm.START_PENDING, Scm.ACCEPT_STOP, 0, 0, 2, 10_000, 7),
                new RawStatus(Scm.START_PENDING, Scm.ACCEPT_STOP, 0, 0, 3, 10_000, 7),
                new RawStatus(Scm.RUNNING, Scm.ACCEPT_STOP, 0, 0, 0, 0, 7)));

    ServiceStatus status = manager.start("web", Duration.ofSeconds(10));

    assertThat(status.state()).isEqualTo(State.RUNNING);
    assertThat(status.mainPid()).hasValue(7);
  }

  @Test
  void startThatFailsReportsTheServiceSpecificCode() {
    installed("web");
    scm.services.get("web").onStart =
        s -> new RawStatus(Scm.STOPPED, 0, Scm.ERROR_SERVICE_SPECIFIC_ERROR, 1, 0, 0, 0);

    assertThatThrownBy(() -> manager.start("web", Duration.ofSeconds(10)))
        .isInstanceOf(ManagerException.class)
        .hasMessage(
            "service 'web' stopped while starting with service-specific error 1: see the"
                + " Application event log");
    ServiceStatus status = manager.status("web");
    assertThat(status.state()).isEqualTo(State.FAILED);
    assertThat(status.exitCode()).hasValue(1);
    assertThat(status.nativeState()).isEqualTo("STOPPED (service-specific error 1)");
  }

  @Test
  void aStartWhoseCheckPointStallsIsReportedAsHung() {
    installed("web");
    RawStatus stuck = new RawStatus(Scm.START_PENDING, Scm.ACCEPT_STOP, 0, 0, 5, 1, 7);
    scm.services.get("web").onStart = s -> stuck;

    assertThatThrownBy(() -> manager.start("web", Duration.ofSeconds(30)))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("is not responding")
        .hasMessageContaining("CheckPoint 5");
  }

  @Test
  void timeoutIsOneClearLine() {
    installed("web");
    int[] checkPoint = {0};
    scm.services.get("web").onStart =
        s -> new RawStatus(Scm.START_PENDING, Scm.ACCEPT_STOP, 0, 0, 1, 10_000, 7);
    ScmManager slowPoll = new ScmManager(scm, lsa, Duration.ofMillis(20));
    // A service that keeps making progress, but too slowly for the caller's timeout.
    for (int i = 0; i < 500; i++) {
      scm.services
          .get("web")
          .script
          .add(new RawStatus(Scm.START_PENDING, Scm.ACCEPT_STOP, 0, 0, ++checkPoint[0], 10_000, 7));
    }
    assertThat(Refusals.of(() -> slowPoll.start("web", Duration.ofSeconds(1))))
        .isEqualTo(
            new Refusal.WaitTimedOut(
                "web", "start", Duration.ofSeconds(1), "START_PENDING", false));
  }

  @Test
  void stopPauseAndResume() {
    installed("web");
    scm.services.get("web").controlsAccepted =
        Scm.ACCEPT_STOP | Scm.ACCEPT_SHUTDOWN | Scm.ACCEPT_PAUSE_CONTINUE;
    manager.start("web", Duration.ofSeconds(5));

    assertThat(manager.pause("web", Duration.ofSeconds(5)).state()).isEqualTo(State.PAUSED);
    assertThat(manager.resume("web", Duration.ofSeconds(5)).state()).isEqualTo(State.RUNNING);
    ServiceStatus stopped = manager.stop("web", Duration.ofSeconds(5));
    assertThat(stopped.state()).isEqualTo(State.STOPPED);
    assertThat(stopped.exitCode()).hasValue(0);
  }

  @Test
  void pauseOfAServiceThatCannotPauseIsRefused() {
    installed("web");
    manager.start("web", Duration.ofSeconds(5));
    assertThatThrownBy(() -> manager.pause("web", Duration.ofSeconds(5)))
        .hasMessage("service 'web' does not support pause and resume (it does not accept them)");
    assertThat(manager.resume("web", Duration.ofSeconds(5)).state())
        .as("resuming a running service is a no-op")
        .isEqualTo(State.RUNNING);
    manager.stop("web", Duration.ofSeconds(5));
    assertThatThrownBy(() -> manager.pause("web", Duration.ofSeconds(5)))
        .hasMessage("cannot pause service 'web': it is STOPPED, not RUNNING");
  }

  @Test
  void uninstallStopsDeletesAndRemovesTheEventSource() {
    installed("web");
    manager.start("web", Duration.ofSeconds(5));
    manager.uninstall("web", Duration.ofSeconds(5));
    assertThat(scm.calls).containsSubsequence("control 1", "delete", "removeEventSource");
    assertThat(scm.services).isEmpty();
    assertThat(scm.eventSources).isEmpty();
    assertThat(manager.status("web").state()).isEqualTo(State.NOT_INSTALLED);
  }

  @Test
  void uninstallRefusesServicesSvc4jDidNotInstall() {
    scm.services.put("foreign", new FakeScmApi.Entry());
    assertThatThrownBy(() -> manager.uninstall("foreign", Duration.ofSeconds(5)))
        .hasMessageContaining("not installed by svc4j");
    assertThat(scm.services).containsKey("foreign");
  }

  @Test
  void operationsOnAMissingServiceSayItIsNotInstalled() {
    assertThatThrownBy(() -> manager.start("ghost", Duration.ofSeconds(1)))
        .isInstanceOf(ManagerException.class)
        .hasMessage("cannot start service 'ghost': it is not installed");
    assertThat(manager.status("ghost").state()).isEqualTo(State.NOT_INSTALLED);
  }

  @Test
  void listShowsOnlyMarkedServices() {
    installed("web");
    scm.services.put("foreign", new FakeScmApi.Entry());
    assertThat(manager.list()).extracting(ServiceStatus::name).containsExactly("web");
  }

  @Test
  void planShowsTheScmConfigurationAndChangesNothing() {
    var plan = manager.plan(definition("web"));
    assertThat(plan.getFirst().location()).isEqualTo("SCM service web");
    assertThat(plan.getFirst().content())
        .contains("BinaryPathName     = \"C:\\Program Files\\Java\\bin\\java.exe\" -Xrs -jar")
        .contains("StartType          = AUTO")
        .contains("ServiceStartName   = NT AUTHORITY\\LocalService")
        .contains("FailureActions     = restart/2000ms");
    assertThat(plan.get(2).content()).contains("EventCreate.exe");
    assertThat(scm.calls).isEmpty();
    assertThat(scm.services).isEmpty();
  }

  @Test
  void win32ErrorsBecomeOneLineAdvice() {
    scm.failOn.put("create", Scm.ERROR_DUPLICATE_SERVICE_NAME);
    assertThatThrownBy(() -> manager.install(definition("web"), false))
        .hasMessageContaining("display name is already used");
    scm.failOn.put("create", Scm.ERROR_INVALID_SERVICE_ACCOUNT);
    assertThatThrownBy(() -> manager.install(definition("web"), false))
        .hasMessageContaining("account does not exist");
    assertThat(scm.services).isEmpty();
  }

  @Test
  void uninstallRemovesAServiceWhoseProcessDied() {
    installed("web");
    manager.start("web", Duration.ofSeconds(5));
    scm.failOn.put("control 1", Scm.ERROR_NO_DATA);

    assertThatThrownBy(() -> manager.stop("web", Duration.ofSeconds(5)))
        .hasMessageContaining("no longer answers the SCM");
    manager.uninstall("web", Duration.ofSeconds(5));

    assertThat(scm.services).isEmpty();
  }

  @Test
  void uninstallTreatsARefusedStopOfAServiceThatAcceptsStopAsADeadProcess() {
    installed("web");
    manager.start("web", Duration.ofSeconds(5));
    scm.failOn.put("control 1", Scm.ERROR_SERVICE_CANNOT_ACCEPT_CTRL);
    manager.uninstall("web", Duration.ofSeconds(5));
    assertThat(scm.services).isEmpty();
  }

  @Test
  void uninstallStillFailsWhenAStopIsRefusedForAnotherReason() {
    installed("web");
    scm.services.get("web").status = new RawStatus(Scm.START_PENDING, 0, 0, 0, 1, 10_000, 7);
    scm.services.get("web").script.add(scm.services.get("web").status);
    scm.failOn.put("control 1", Scm.ERROR_SERVICE_CANNOT_ACCEPT_CTRL);
    assertThatThrownBy(() -> manager.uninstall("web", Duration.ofSeconds(5)))
        .hasMessageContaining("does not accept this control");
    assertThat(scm.services).containsKey("web");
  }

  @Test
  void reloadSendsParamChangeOnlyToServicesThatAcceptIt() {
    installed("web");
    manager.start("web", Duration.ofSeconds(5));
    assertThatThrownBy(() -> manager.reload("web", Duration.ofSeconds(5)))
        .hasMessage("service 'web' does not support reload");
    scm.services.get("web").controlsAccepted = Scm.ACCEPT_STOP | Scm.ACCEPT_PARAMCHANGE;
    manager.stop("web", Duration.ofSeconds(5));
    assertThatThrownBy(() -> manager.reload("web", Duration.ofSeconds(5)))
        .hasMessageContaining("it is STOPPED");
    manager.start("web", Duration.ofSeconds(5));
    assertThat(manager.reload("web", Duration.ofSeconds(5)).state()).isEqualTo(State.RUNNING);
    assertThat(scm.calls).contains("control " + Scm.CONTROL_PARAMCHANGE);
  }

  @Test
  void rollbackKeepsAnEventSourceThatExistedBefore() {
    scm.eventSources.put("web", true);
    scm.failOn.put("mark", Scm.ERROR_ACCESS_DENIED);
    assertThatThrownBy(() -> manager.install(definition("web"), false))
        .hasMessageContaining("access denied");
    assertThat(scm.services).isEmpty();
    assertThat(scm.eventSources).containsKey("web");
  }

  @Test
  void aStartThatTimedOutSaysSoWithTheLimitFromItsCommandLine() {
    manager.install(
        ServiceDefinition.builder("web")
            .command(List.of("C:\\Program Files\\Java\\bin\\java.exe", "-jar", "C:\\apps\\app.jar"))
            .startTimeout(Duration.ofSeconds(5))
            .build(),
        false);
    assertThat(scm.services.get("web").config.binaryPath())
        .contains(" -Dsvc4j.windows.start-timeout-ms=5000 ");
    scm.services.get("web").onStart =
        s -> new RawStatus(Scm.START_PENDING, Scm.ACCEPT_STOP, 0, 0, 1, 10_000, 7);
    scm.services
        .get("web")
        .script
        .addAll(
            List.of(
                new RawStatus(Scm.STOP_PENDING, 0, 0, 0, 1, 30_000, 7),
                new RawStatus(Scm.STOPPED, 0, Scm.ERROR_SERVICE_SPECIFIC_ERROR, 5, 0, 0, 0)));

    assertThat(Refusals.of(() -> manager.start("web", Duration.ofSeconds(10))))
        .isEqualTo(new Refusal.StartTimedOut("web", Duration.ofSeconds(5), 5));
  }

  @Test
  void aStopPastTheStopDeadlineSaysSoWithTheDeadlineFromTheWaitHint() {
    installed("web");
    manager.start("web", Duration.ofSeconds(5));
    scm.services.get("web").onStop = s -> new RawStatus(Scm.STOP_PENDING, 0, 0, 0, 1, 30_000, 7);
    scm.services
        .get("web")
        .script
        .addAll(
            List.of(
                new RawStatus(Scm.STOP_PENDING, 0, 0, 0, 2, 30_000, 7),
                new RawStatus(Scm.STOPPED, 0, Scm.ERROR_SERVICE_SPECIFIC_ERROR, 4, 0, 0, 0)));

    assertThatThrownBy(() -> manager.stop("web", Duration.ofSeconds(10)))
        .isInstanceOf(ManagerException.class)
        .hasMessageStartingWith(
            "service 'web' stop timed out after 30 s: its process was ended (service-specific"
                + " error 4)");
  }
}
