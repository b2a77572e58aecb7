package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ReadinessProtocol;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.RestartPolicy;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScmConfigTest {

  private static ServiceDefinition.Builder web() {
    return ServiceDefinition.builder("web")
        .command(List.of("C:\\Program Files\\Java\\bin\\java.exe", "-jar", "C:\\app.jar"));
  }

  private static void rejected(ServiceDefinition.Builder builder, String fragment) {
    assertThatThrownBy(() -> ScmConfig.from(builder.build()))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining(fragment)
        .hasMessageNotContaining("\n");
  }

  @Test
  void javaGetsReducedSignalsOnce() {
    assertThat(ScmConfig.from(web().build()).binaryPath())
        .isEqualTo("\"C:\\Program Files\\Java\\bin\\java.exe\" -Xrs -jar C:\\app.jar");
    ScmConfig already =
        ScmConfig.from(
            web().command(List.of("C:\\jdk\\bin\\JAVA.EXE", "-Xrs", "-jar", "a.jar")).build());
    assertThat(already.binaryPath()).isEqualTo("\"C:\\jdk\\bin\\JAVA.EXE\" -Xrs -jar a.jar");
    assertThat(ScmConfig.from(web().command(List.of("C:\\app.exe", "-x")).build()).binaryPath())
        .isEqualTo("\"C:\\app.exe\" -x");
  }

  @Test
  void preshutdownOptInReachesTheEmbeddedRuntime() {
    ScmConfig config =
        ScmConfig.from(
            web()
                .platformOptions(
                    WindowsOptions.DEFAULTS.withPreshutdownTimeout(Duration.ofSeconds(60)))
                .build());
    assertThat(config.binaryPath()).contains(" -Xrs -Dsvc4j.windows.preshutdown=true -jar ");
    assertThat(config.render()).contains("PreshutdownTimeout = 60000 ms");
  }

  @Test
  void defaultsAreLeastPrivilegeAutoStartAndRestartOnFailure() {
    ScmConfig config = ScmConfig.from(web().build());
    assertThat(config.account()).isInstanceOf(ServiceAccount.LocalService.class);
    assertThat(config.startType()).isEqualTo(StartType.AUTO);
    assertThat(config.recovery()).isEqualTo(RecoveryActions.from(RestartPolicy.DEFAULT));
    assertThat(config.eventSource()).isTrue();
    assertThat(config.render())
        .contains("ServiceStartName   = NT AUTHORITY\\LocalService")
        .contains("ServiceSidType     = NONE");
  }

  @Test
  void virtualAccountGetsTheServiceSidItNeeds() {
    ScmConfig config =
        ScmConfig.from(
            web()
                .platformOptions(WindowsOptions.DEFAULTS.withAccount(new ServiceAccount.Virtual()))
                .build());
    assertThat(config.sidType()).isEqualTo(SidType.UNRESTRICTED);
    assertThat(config.render()).contains("ServiceStartName   = NT SERVICE\\web");
  }

  @Test
  void environmentBecomesKeyValueStrings() {
    ScmConfig config = ScmConfig.from(web().environment("A", "1").environment("B", "x y").build());
    assertThat(config.environment()).containsExactly("A=1", "B=x y");
  }

  @Test
  void displayNamesTheScmRejects() {
    rejected(web().displayName("x".repeat(257)), "at most 256");
    rejected(web().displayName("a/b"), "contains / or \\");
    rejected(web().displayName("line\nbreak"), "control character");
    rejected(web().description("d".repeat(3000)), "at most 2048");
  }

  @Test
  void settingsWindowsDoesNotHaveAreRefusedNotIgnored() {
    rejected(web().workingDirectory(Path.of("/srv")), "no working directory");
    rejected(web().watchdog(Duration.ofSeconds(10)), "no watchdog");
    rejected(web().scope(Scope.USER), "per-user services");
    rejected(web().readiness(ReadinessProtocol.EXEC), "talk to the SCM itself");
    rejected(web().environmentFile(Path.of("/etc/x.env")), "environment files");
    rejected(web().runAs("svc", "staff"), "not a group");
    assertThat(Refusals.of(() -> ScmConfig.from(web().workingDirectory(Path.of("/srv")).build())))
        .isEqualTo(new Refusal.WorkingDirectory("web", Path.of("/srv")));
    assertThat(Refusals.of(() -> ScmConfig.from(web().scope(Scope.USER).build())))
        .isEqualTo(new Refusal.PerUserService(java.util.Optional.of("web")));
    assertThat(
            Refusals.of(() -> ScmConfig.from(web().environmentFile(Path.of("/etc/x.env")).build())))
        .isEqualTo(new Refusal.EnvironmentFiles("web"));
  }

  @Test
  void runAsUserMustBeABuiltInAccountOrHaveAPasswordSource() {
    ScmConfig config = ScmConfig.from(web().runAs("NetworkService", null).build());
    assertThat(config.account()).isInstanceOf(ServiceAccount.NetworkService.class);
    assertThat(Refusals.of(() -> ScmConfig.from(web().runAs("CORP\\svc", null).build())))
        .isEqualTo(new Refusal.PasswordMissing("CORP\\svc"));
  }

  @Test
  void badProgramPathsAreOneLine() {
    rejected(web().command(List.of("C:\\" + "x".repeat(300) + ".exe")), "at most 259");
    rejected(web().command(List.of("C:\\a\"b.exe")), "double quote");
  }
}
