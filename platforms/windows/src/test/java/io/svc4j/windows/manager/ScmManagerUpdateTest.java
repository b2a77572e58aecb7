package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.windows.Scm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ScmManager.update}: only what was asked reaches the SCM. */
class ScmManagerUpdateTest {

  private static final String JAVA = "C:\\Program Files\\Java\\bin\\java.exe";

  private final FakeScmApi scm = new FakeScmApi();
  private final FakeAccountRights lsa =
      new FakeAccountRights().withAccount("CORP\\svc", "SeServiceLogonRight");
  private final ScmManager manager = new ScmManager(scm, lsa, Duration.ofMillis(1));

  @BeforeEach
  void installed() {
    manager.install(
        ServiceDefinition.builder("web")
            .displayName("Web")
            .description("old")
            .command(List.of(JAVA, "-jar", "C:\\apps\\app.jar"))
            .platformOptions(WindowsOptions.DEFAULTS.withDependencies(List.of("Tcpip")))
            .build(),
        false);
    scm.calls.clear();
  }

  private ScmChange onlyChange() {
    assertThat(scm.changes).hasSize(1);
    return scm.changes.getFirst();
  }

  private static ServiceUpdate windows(WindowsUpdate update) {
    return ServiceUpdate.none().withPlatformOptions(update);
  }

  @Test
  void descriptionAndStartTypeLeaveEverythingElseAlone() {
    manager.update(
        "web",
        windows(WindowsUpdate.NONE.withStartType(StartType.MANUAL)).withDescription("new text"));

    ScmChange change = onlyChange();
    assertThat(change.startType()).isEqualTo(Scm.START_DEMAND);
    assertThat(change.description()).contains("new text");
    assertThat(change.delayedAutoStart()).contains(false);
    assertThat(change.binaryPath()).isNull();
    assertThat(change.displayName()).isNull();
    assertThat(change.startName()).isNull();
    assertThat(change.dependencies()).isNull();
    assertThat(change.recovery()).isEmpty();
    assertThat(change.preshutdownTimeout()).isEmpty();
    assertThat(change.sidType()).isEmpty();
    assertThat(scm.changePasswords).containsExactly((char[]) null);
    // No need to read the current configuration, and nothing but the change itself is written.
    assertThat(scm.calls).containsExactly("change");
    assertThat(change.changesConfig()).isTrue();
  }

  @Test
  void aDescriptionAloneSkipsChangeServiceConfig() {
    manager.update("web", ServiceUpdate.none().withDescription(""));

    ScmChange change = onlyChange();
    assertThat(change.changesConfig()).isFalse();
    assertThat(change.startType()).isEqualTo(ScmChange.NO_CHANGE);
    assertThat(change.description()).contains("");
    assertThat(change.delayedAutoStart()).isEmpty();
  }

  @Test
  void displayNameCommandAndDependencies() {
    manager.update(
        "web",
        windows(WindowsUpdate.NONE.withDependencies(List.of()))
            .withDisplayName("Web 2")
            .withCommand(List.of(JAVA, "-jar", "C:\\apps\\app 2.jar")));

    ScmChange change = onlyChange();
    assertThat(change.displayName()).isEqualTo("Web 2");
    assertThat(change.binaryPath()).isEqualTo("\"" + JAVA + "\" -Xrs -jar \"C:\\apps\\app 2.jar\"");
    assertThat(change.dependencies()).as("an empty list removes them").isEmpty();
    assertThat(change.startType()).isEqualTo(ScmChange.NO_CHANGE);
    assertThat(change.startName()).isNull();
    assertThat(change.description()).isEmpty();
  }

  @Test
  void aNewCommandKeepsThePreshutdownOptIn() {
    scm.services.get("web").config =
        ScmConfig.from(
            ServiceDefinition.builder("web")
                .command(List.of(JAVA, "-jar", "C:\\apps\\app.jar"))
                .platformOptions(
                    WindowsOptions.DEFAULTS.withPreshutdownTimeout(Duration.ofMinutes(1)))
                .build());

    manager.update("web", ServiceUpdate.none().withCommand(List.of(JAVA, "-jar", "new.jar")));

    assertThat(onlyChange().binaryPath())
        .isEqualTo("\"" + JAVA + "\" -Xrs -Dsvc4j.windows.preshutdown=true -jar new.jar");
    assertThat(onlyChange().preshutdownTimeout()).isEmpty();
  }

  @Test
  void aNewCommandKeepsTheStartTimeoutThatInstallWrote() {
    scm.services.get("web").config =
        ScmConfig.from(
            ServiceDefinition.builder("web")
                .command(List.of(JAVA, "-jar", "C:\\apps\\app.jar"))
                .startTimeout(Duration.ofSeconds(20))
                .build());

    manager.update("web", ServiceUpdate.none().withCommand(List.of(JAVA, "-jar", "new.jar")));

    assertThat(onlyChange().binaryPath())
        .isEqualTo("\"" + JAVA + "\" -Dsvc4j.windows.start-timeout-ms=20000 -Xrs -jar new.jar");
  }

  @Test
  void aPreshutdownTimeoutOptsTheCurrentJavaCommandLineIn() {
    manager.update(
        "web", windows(WindowsUpdate.NONE.withPreshutdownTimeout(Duration.ofSeconds(30))));

    ScmChange change = onlyChange();
    assertThat(change.preshutdownTimeout()).contains(Duration.ofSeconds(30));
    assertThat(change.binaryPath())
        .isEqualTo("\"" + JAVA + "\" -Dsvc4j.windows.preshutdown=true -Xrs -jar C:\\apps\\app.jar");
    assertThat(scm.calls).containsExactly("readConfig", "change");
  }

  @Test
  void aNonJavaCommandLineIsNotTouchedByAPreshutdownTimeout() {
    assertThat(ScmChange.withPreshutdownOptIn("\"C:\\app.exe\" --x")).isNull();
    assertThat(ScmChange.withPreshutdownOptIn("C:\\java.exe -jar a.jar")).isNull();
    assertThat(ScmChange.withPreshutdownOptIn("\"C:\\j\\java.exe\"")) // no arguments
        .isEqualTo("\"C:\\j\\java.exe\" -Dsvc4j.windows.preshutdown=true");
  }

  @Test
  void builtInAccountsClearThePasswordAndTheVirtualAccountGetsAServiceSid() {
    manager.update(
        "web", windows(WindowsUpdate.NONE.withAccount(new ServiceAccount.LocalSystem())));
    manager.update("web", windows(WindowsUpdate.NONE.withAccount(new ServiceAccount.Virtual())));

    assertThat(scm.changes.get(0).startName()).isEqualTo("LocalSystem");
    assertThat(scm.changePasswords.get(0)).isEmpty();
    assertThat(scm.changes.get(0).sidType()).isEmpty();
    assertThat(scm.changes.get(1).startName()).isEqualTo("NT SERVICE\\web");
    assertThat(scm.changePasswords.get(1)).isNull();
    assertThat(scm.changes.get(1).sidType()).contains(SidType.UNRESTRICTED);
  }

  @Test
  void aUserAccountsPasswordComesFromItsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret\n");
    manager.update(
        "web",
        windows(
            WindowsUpdate.NONE.withAccount(
                new ServiceAccount.User("CORP\\svc", new PasswordSource.FromFile(file)))));

    assertThat(onlyChange().startName()).isEqualTo("CORP\\svc");
    assertThat(scm.changePasswords.getFirst()).containsExactly('s', '3', 'c', 'r', 'e', 't');
    assertThat(onlyChange().describe()).doesNotContain("s3cret");
  }

  @Test
  void restartActionsAreFlaggedBecauseTheyNeedStartAccess() {
    RecoveryActions restart = RecoveryActions.from(io.svc4j.manager.RestartPolicy.DEFAULT);
    manager.update("web", windows(WindowsUpdate.NONE.withRecovery(restart)));
    assertThat(onlyChange().setsRestartActions()).isTrue();
    assertThat(onlyChange().changesConfig()).isFalse();
  }

  @Test
  void refusalsAreOneLineAndChangeNothing() {
    assertThat(Refusals.of(() -> manager.update("web", ServiceUpdate.none())))
        .isEqualTo(new Refusal.NothingToUpdate("web"));
    assertThatThrownBy(() -> manager.update("web", ServiceUpdate.none().withDisplayName("a/b")))
        .hasMessageContaining("/ or \\");
    assertThatThrownBy(() -> manager.update("web", ServiceUpdate.none().withDescription("a\nb")))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> manager.update("gone", ServiceUpdate.none().withDescription("x")))
        .isInstanceOf(ManagerException.class)
        .hasMessage("cannot update service 'gone': it is not installed")
        .extracting(e -> ((ManagerException) e).exitCode())
        .isEqualTo(4);
    scm.services.put("foreign", new FakeScmApi.Entry());
    assertThatThrownBy(() -> manager.update("foreign", ServiceUpdate.none().withDescription("x")))
        .hasMessage("service 'foreign' was not installed by svc4j: refusing to change it");
    assertThat(scm.changes).isEmpty();
  }

  @Test
  void scmFailuresBecomeOneLineAdvice() {
    scm.failOn.put("change", Scm.ERROR_ACCESS_DENIED);
    assertThatThrownBy(() -> manager.update("web", ServiceUpdate.none().withDescription("x")))
        .isInstanceOf(ManagerException.class)
        .hasMessage(
            "access denied to update service 'web' (change): run from an elevated (Run as"
                + " administrator) prompt");
  }

  @Test
  void anEmptyUpdateChangesNothingAndValuesAreCheckedAtConstruction() {
    assertThat(WindowsUpdate.NONE.isEmpty()).isTrue();
    assertThat(WindowsUpdate.NONE.withStartType(StartType.MANUAL).isEmpty()).isFalse();
    assertThatThrownBy(() -> WindowsUpdate.NONE.withDependencies(List.of("a\\b")))
        .hasMessageContaining("invalid dependency");
    assertThatThrownBy(() -> WindowsUpdate.NONE.withPreshutdownTimeout(Duration.ZERO))
        .hasMessageContaining("must be positive");
  }
}
