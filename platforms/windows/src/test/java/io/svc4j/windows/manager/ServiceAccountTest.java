package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountTest {

  @Test
  void builtInAccountsEncodeAsTheScmExpects() {
    assertThat(ServiceAccount.parse("LocalSystem", null).startName("web")).isNull();
    assertThat(ServiceAccount.parse("LocalService", null).startName("web"))
        .isEqualTo("NT AUTHORITY\\LocalService");
    assertThat(ServiceAccount.parse("NT AUTHORITY\\NetworkService", null).startName("web"))
        .isEqualTo("NT AUTHORITY\\NetworkService");
    assertThat(ServiceAccount.parse("virtual", null).startName("web")).isEqualTo("NT SERVICE\\web");
  }

  @Test
  void builtInAccountsTakeNoPassword(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                ServiceAccount.parse("LocalService", new PasswordSource.FromFile(dir.resolve("p"))))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("takes no password");
  }

  @Test
  void theVirtualAccountMayBeWrittenOutButOnlyAsTheServicesOwn() {
    ServiceAccount own = ServiceAccount.parse("NT SERVICE\\web", null);
    assertThat(own).isInstanceOf(ServiceAccount.Virtual.class);
    assertThat(own.startName("web")).isEqualTo("NT SERVICE\\web");
    own.requireUsableBy("WEB"); // service names are case-insensitive
    assertThat(
            Refusals.of(
                () -> ServiceAccount.parse("NT SERVICE\\other", null).requireUsableBy("web")))
        .isEqualTo(new Refusal.OtherVirtualAccount("web", "other"));
    assertThatThrownBy(
            () -> ServiceAccount.parse("NT SERVICE\\web", new PasswordSource.Prompt("x")))
        .hasMessageContaining("takes no password");
  }

  @Test
  void aGmsaIsRecognisedByItsDollarAndNeedsADomain() {
    assertThat(ServiceAccount.parse("CORP\\web$", null))
        .isEqualTo(new ServiceAccount.Gmsa("CORP\\web$"));
    assertThat(ServiceAccount.parse("CORP\\web$", null).needsLogonRight()).isTrue();
    assertThatThrownBy(() -> ServiceAccount.parse("web$", null))
        .hasMessageContaining("DOMAIN\\web$");
    assertThat(ServiceAccount.parse("virtual", null).needsLogonRight()).isFalse();
  }

  @Test
  void userAccountsAreQualifiedAndNeedAPasswordSource(@TempDir Path dir) {
    assertThat(Refusals.of(() -> ServiceAccount.parse("svc", null)))
        .isEqualTo(new Refusal.PasswordMissing("svc"));
    ServiceAccount user =
        ServiceAccount.parse("svc", new PasswordSource.FromFile(dir.resolve("p")));
    assertThat(user.startName("web")).isEqualTo(".\\svc");
    assertThat(
            ServiceAccount.parse("svc@corp.example", new PasswordSource.Prompt("x")).startName("w"))
        .isEqualTo("svc@corp.example");
  }

  @Test
  void passwordFileGivesItsFirstLineAndNeverShowsIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "pä ss\nsecond line\n", StandardCharsets.UTF_8);
    var user = new ServiceAccount.User("CORP\\svc", new PasswordSource.FromFile(file));

    assertThat(user.password().read()).containsExactly('p', 'ä', ' ', 's', 's');
    assertThat(user.toString()).doesNotContain("pä");
    assertThat(user.describe("web")).isEqualTo("CORP\\svc (password from file " + file + ")");
  }

  @Test
  void unreadableOrEmptyPasswordFilesAreOneLineErrors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> new PasswordSource.FromFile(dir.resolve("missing")).read())
        .isInstanceOf(ManagerException.class)
        .hasMessageStartingWith("cannot read the password file");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> new PasswordSource.FromFile(empty).read())
        .hasMessageContaining("is empty");
  }
}
