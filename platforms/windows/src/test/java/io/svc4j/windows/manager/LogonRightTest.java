package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.windows.Scm;
import io.svc4j.windows.lsa.AccountRights;
import io.svc4j.windows.lsa.LsaFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Install grants "Log on as a service" when missing, and uninstall takes back only its grants. */
class LogonRightTest {

  private static final String RIGHT = AccountRights.SERVICE_LOGON;

  private final FakeScmApi scm = new FakeScmApi();
  private final FakeAccountRights lsa =
      new FakeAccountRights()
          .withAccount("CORP\\svc")
          .withAccount("CORP\\other")
          .withAccount("CORP\\web$")
          .withAccount("CORP\\admin", RIGHT, "SeBatchLogonRight");
  private final ScmManager manager = new ScmManager(scm, lsa, Duration.ofMillis(1));

  @TempDir Path dir;

  private ServiceAccount user(String name) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "s3cret\n");
    return ServiceAccount.parse(name, new PasswordSource.FromFile(file));
  }

  private static ServiceDefinition definition(String name, ServiceAccount account) {
    return ServiceDefinition.builder(name)
        .command(List.of("C:\\app.exe"))
        .platformOptions(WindowsOptions.DEFAULTS.withAccount(account))
        .build();
  }

  @Test
  void aUserLackingTheRightGetsItAndUninstallTakesItBack() throws Exception {
    manager.install(definition("web", user("CORP\\svc")), false);

    assertThat(lsa.holds("CORP\\svc", RIGHT)).isTrue();
    assertThat(scm.services.get("web").logonRightGrant).isEqualTo("CORP\\svc");

    manager.uninstall("web", Duration.ofSeconds(5));

    assertThat(lsa.holds("CORP\\svc", RIGHT)).isFalse();
  }

  @Test
  void aRightTheAccountAlreadyHadIsLeftAloneByInstallAndUninstall() throws Exception {
    manager.install(definition("web", user("CORP\\admin")), false);

    assertThat(lsa.calls).noneMatch(c -> c.startsWith("add"));
    assertThat(scm.services.get("web").logonRightGrant).isNull();

    manager.uninstall("web", Duration.ofSeconds(5));

    assertThat(lsa.calls).noneMatch(c -> c.startsWith("remove"));
    assertThat(lsa.holds("CORP\\admin", RIGHT)).isTrue();
    assertThat(lsa.holds("CORP\\admin", "SeBatchLogonRight")).isTrue();
  }

  @Test
  void aGmsaTakesNoPasswordAndGetsTheRight() throws Exception {
    ServiceAccount gmsa = ServiceAccount.parse("CORP\\web$", null);
    assertThat(gmsa).isInstanceOf(ServiceAccount.Gmsa.class);

    manager.install(definition("web", gmsa), false);

    assertThat(scm.lastPassword).isNull();
    assertThat(scm.services.get("web").config.account().startName("web")).isEqualTo("CORP\\web$");
    assertThat(lsa.holds("CORP\\web$", RIGHT)).isTrue();
    assertThatThrownBy(() -> ServiceAccount.parse("CORP\\web$", new PasswordSource.Prompt("x")))
        .hasMessageContaining("group managed service account")
        .hasMessageContaining("drop the password");
  }

  @Test
  void builtInAndVirtualAccountsNeverTouchThePolicy() {
    manager.install(definition("a", new ServiceAccount.LocalService()), false);
    manager.install(definition("b", new ServiceAccount.NetworkService()), false);
    manager.install(definition("c", new ServiceAccount.LocalSystem()), false);
    manager.install(definition("d", ServiceAccount.parse("NT SERVICE\\d", null)), false);

    assertThat(lsa.calls).isEmpty();
    assertThat(scm.services.get("d").config.account().startName("d")).isEqualTo("NT SERVICE\\d");
  }

  @Test
  void anotherServicesVirtualAccountIsRefusedAtInstall() {
    assertThatThrownBy(
            () ->
                manager.install(
                    definition("web", ServiceAccount.parse("NT SERVICE\\db", null)), false))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("NT SERVICE\\db is the virtual account of another service");
    assertThat(scm.services).isEmpty();
  }

  @Test
  void theRightStaysWhileAnotherSvc4jServiceRunsAsTheAccount() throws Exception {
    manager.install(definition("web", user("CORP\\svc")), false);
    manager.install(definition("api", user("CORP\\svc")), false); // already holds it now

    manager.uninstall("web", Duration.ofSeconds(5));

    assertThat(lsa.holds("CORP\\svc", RIGHT)).as("api still needs it").isTrue();
  }

  @Test
  void anAccountThatDoesNotExistFailsInOneLineBeforeAnythingIsCreated() throws Exception {
    assertThatThrownBy(() -> manager.install(definition("web", user("CORP\\nobody")), false))
        .isInstanceOf(ManagerException.class)
        .hasMessageStartingWith("cannot read the rights of CORP\\nobody")
        .hasMessageContaining("no such account");
    assertThat(scm.calls).doesNotContain("create");
    assertThat(scm.services).isEmpty();
  }

  @Test
  void aGrantThatIsDeniedRollsTheInstallBack() throws Exception {
    lsa.failAddWith = LsaFailure.ACCESS_DENIED;

    assertThatThrownBy(() -> manager.install(definition("web", user("CORP\\svc")), false))
        .isInstanceOf(ManagerException.class)
        .hasMessageStartingWith(
            "cannot grant CORP\\svc 'Log on as a service' (SeServiceLogonRight)")
        .hasMessageEndingWith("run from an elevated prompt");
    assertThat(scm.services).isEmpty();
    assertThat(lsa.holds("CORP\\svc", RIGHT)).isFalse();
  }

  @Test
  void aNewAccountGetsTheRightAndTheOldGrantIsTakenBack() throws Exception {
    manager.install(definition("web", user("CORP\\svc")), false);

    manager.update(
        "web",
        io.svc4j.manager.ServiceUpdate.none()
            .withPlatformOptions(WindowsUpdate.NONE.withAccount(user("CORP\\other"))));

    assertThat(lsa.holds("CORP\\other", RIGHT)).isTrue();
    assertThat(lsa.holds("CORP\\svc", RIGHT)).isFalse();
    assertThat(scm.services.get("web").logonRightGrant).isEqualTo("CORP\\other");
  }

  @Test
  void error1069AtStartIsOneLineNamingTheFix() throws Exception {
    manager.install(definition("web", user("CORP\\admin")), false);
    scm.failOn.put("start", Scm.ERROR_SERVICE_LOGON_FAILED);

    // what the platform says; RefusalLinesTest (cli) checks the line with the flags that fix it
    Refusal refusal = Refusals.of(() -> manager.start("web", Duration.ofSeconds(5)));
    assertThat(refusal)
        .isEqualTo(new Refusal.LogonFailed("web", java.util.Optional.of("CORP\\admin")));
    assertThat(refusal.describe())
        .isEqualTo("cannot start service 'web': CORP\\admin could not log on (error 1069)");
  }
}
