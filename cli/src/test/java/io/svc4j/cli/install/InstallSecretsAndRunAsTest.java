package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.FakeManager;
import io.svc4j.cli.InProcessCli;
import io.svc4j.cli.supervise.SupervisedSettings;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.systemd.unit.UnitRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install} and secrets ({@code --env}, {@code --env-file}) and {@code --run-as} in the
 * supervised mode, down to the unit file systemd would get. Runs as root, like CI.
 */
class InstallSecretsAndRunAsTest {

  private static final String SECRET = "hunter2-s3cr3t";

  private final FakeManager manager = new FakeManager();
  private final InProcessCli cli = new InProcessCli(manager);

  @TempDir Path dir;

  private Path envFile(String content, String mode) throws Exception {
    Path file = dir.resolve("web.env");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private String unit(String name) {
    ServiceDefinition d = manager.installed.get(name);
    return UnitRenderer.render(d).render();
  }

  @Test
  void anEnvFileIsReferencedByTheUnitAndNeverCopiedIntoIt() throws Exception {
    Path file = envFile("DB_PASSWORD=" + SECRET + "\n", "rw-------");
    int code =
        cli.run("install", "--name", "web", "--env-file", file.toString(), "--", "/bin/sleep");
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.err.toString()).as("a 0600 root file: no warning").isEmpty();
    String unit = unit("web");
    assertThat(unit).contains("EnvironmentFile=" + file).doesNotContain(SECRET);
    assertThat(unit).doesNotContain("Environment=DB_PASSWORD");
  }

  @Test
  void anEnvFileOthersCouldChangeIsRefusedInOneLineAndNothingIsInstalled() throws Exception {
    Path file = envFile("TOKEN=" + SECRET + "\n", "rw-rw-rw-");
    assertOneLineError(
        cli.run("install", "--name", "web", "--env-file", file.toString(), "--", "/bin/sleep"),
        "can be written by its group or by every user (mode 0666)");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setAttribute(file, "unix:uid", 65534);
    assertOneLineError(
        cli.run("install", "--name", "web", "--env-file", file.toString(), "--", "/bin/sleep"),
        "belongs to uid 65534, not to root");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void aMalformedEnvFileNamesFileAndLineButNeverTheValue() throws Exception {
    Path file = envFile("# db\nDB-PASSWORD=" + SECRET + "\n", "rw-------");
    assertOneLineError(
        cli.run("install", "--name", "web", "--env-file", file.toString(), "--", "/bin/sleep"),
        file + ":2: expected KEY=VALUE");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void aRelativeOrMissingEnvFileIsRefused() {
    assertOneLineError(
        cli.run("install", "--name", "web", "--env-file", "web.env", "--", "/bin/sleep"),
        "--env-file 'web.env' is relative");
    assertOneLineError(
        cli.run("install", "--name", "web", "--env-file", dir + "/none.env", "--", "/bin/sleep"),
        "does not exist");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void anEnvFileOthersCanReadIsInstalledWithAWarning() throws Exception {
    Path file = envFile("TOKEN=" + SECRET + "\n", "rw-r--r--");
    int code =
        cli.run("install", "--name", "web", "--env-file", file.toString(), "--", "/bin/sleep");
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.err.toString().strip().lines()).hasSize(1);
    assertThat(cli.err.toString())
        .startsWith("svc4j: warning: --env-file '" + file + "' can be read by other users")
        .contains("chmod 600")
        .doesNotContain(SECRET);
  }

  @Test
  void anEnvWhoseNameLooksSecretWarnsInOneLineNamingTheFileBasedWay() {
    int code =
        cli.run(
            "install",
            "--name",
            "web",
            "--env",
            "DB_PASSWORD=" + SECRET,
            "--env",
            "JAVA_OPTS=-Xmx64m",
            "--",
            "/bin/sleep");
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.err.toString().strip().lines())
        .as("one warning, for DB_PASSWORD only")
        .containsExactly(
            "svc4j: warning: --env DB_PASSWORD looks like a secret: the unit file and 'systemctl"
                + " show' show its value to every local user; put it in a root-owned file (chmod"
                + " 600) and pass --env-file FILE instead");
    assertThat(manager.installed).containsKey("web");
  }

  @Test
  void supervisedRunAsDropsPrivilegesForTheChildOnlyTheSupervisorStaysRoot() {
    Path logs = dir.resolve("logs");
    int code =
        cli.run(
            "install",
            "--name",
            "web",
            "--run-as",
            "nobody",
            "--log-dir",
            logs.toString(),
            "--",
            "/bin/sleep",
            "100");
    assertThat(code).as(cli.err.toString()).isZero();
    ServiceDefinition d = manager.installed.get("web");
    assertThat(d.runAsUser()).as("the unit's User=: the supervisor stays root").isNull();
    assertThat(d.command()).containsSubsequence("run", "--run-as", "nobody", "--", "/bin/sleep");
    assertThat(unit("web")).doesNotContain("User=").doesNotContain("Group=");
    assertThat(logs).as("install creates no log directory; the supervisor does").doesNotExist();
  }

  @Test
  void directRunAsIsTheUnitsUser() {
    int code =
        cli.run(
            "install",
            "--name",
            "web",
            "--direct",
            "--run-as",
            "nobody:nogroup",
            "--",
            "/bin/sleep");
    assertThat(code).as(cli.err.toString()).isZero();
    String unit = unit("web");
    assertThat(unit).contains("User=nobody").contains("Group=nogroup");
  }

  @Test
  void supervisedRunAsOfAnUnknownUserIsRefusedAtInstall() {
    assertOneLineError(
        cli.run("install", "--name", "web", "--run-as", "no-such-user-svc4j", "--", "/bin/sleep"),
        "run-as: user 'no-such-user-svc4j' does not exist");
    assertOneLineError(
        cli.run("install", "--name", "web", "--run-as", "nobody:no-such-group", "--", "/bin/sleep"),
        "run-as: group 'no-such-group' does not exist");
    assertThat(manager.installed).isEmpty();
  }

  @Test
  void dryRunOfASupervisedInstallCreatesNothing() {
    Path logs = dir.resolve("dry").resolve("logs");
    int code =
        cli.run(
            "install",
            "--name",
            "web",
            "--log-dir",
            logs.toString(),
            "--dry-run",
            "--",
            "/bin/sleep",
            "100");
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(dir.resolve("dry")).doesNotExist();
    assertThat(manager.installed).isEmpty();
  }

  /**
   * The SCM has no environment files and run-as means the service's account there: a supervised
   * Windows service keeps --run-as as its account and hands --env-file to the supervisor.
   */
  @Test
  void onWindowsTheSupervisorReadsTheEnvFilesAndRunAsIsTheServiceAccount() throws Exception {
    FakeManager scm =
        new FakeManager() {
          @Override
          public String name() {
            return "windows-scm";
          }
        };
    Path file = envFile("TOKEN=" + SECRET + "\n", "rw-------");
    var onWindows = new InProcessCli(scm);
    int code =
        onWindows.run(
            "install",
            "--name",
            "web",
            "--run-as",
            "svcuser",
            "--env-file",
            file.toString(),
            "--log-dir",
            dir.resolve("logs").toString(),
            "--",
            "/bin/sleep");
    assertThat(code).as(onWindows.err.toString()).isZero();
    ServiceDefinition d = scm.installed.get("web");
    assertThat(d.runAsUser()).as("the service's account").isEqualTo("svcuser");
    assertThat(d.environmentFiles()).as("nothing for the SCM to refuse").isEmpty();
    assertThat(d.environment()).isEmpty();
    assertThat(d.command())
        .containsSubsequence("run", "--env-file", file.toString(), "--", "/bin/sleep")
        .doesNotContain("--run-as");
  }

  @Test
  void svc4jRunEnvFilesComeAfterTheConfigsAndReachTheChildsEnvironment() throws Exception {
    Path file = envFile("TOKEN=" + SECRET + "\n", "rw-------");
    Path config = dir.resolve("web.yaml");
    Files.writeString(
        config, "name: web\ncommand: [/bin/true]\nenvironment-files: [-/nonexistent.env]\n");
    var settings =
        SupervisedSettings.resolve(null, List.of(), config, null, null, "nobody", List.of(file));
    assertThat(settings.environmentFiles()).containsExactly("-/nonexistent.env", file.toString());
    assertThat(settings.runAs()).isEqualTo("nobody");
    assertThat(io.svc4j.supervisor.config.EnvFiles.read(settings.environmentFiles(), null))
        .containsEntry("TOKEN", SECRET);
  }

  @Test
  void secretLookingNames() {
    for (String name :
        List.of(
            "DB_PASSWORD",
            "PASSWORD",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "apiKey",
            "dbPassword",
            "APIKey",
            "SMTP_PASS",
            "GOOGLE_APPLICATION_CREDENTIALS",
            "client.secret",
            "TLS_PRIVATE_KEY")) {
      assertThat(SecretNames.looksSecret(name)).as(name).isTrue();
    }
    for (String name :
        List.of(
            "JAVA_OPTS", "PATH", "PWD", "KEYSTORE_TYPE", "MONKEY", "TOKENIZER", "PORT", "HOME")) {
      assertThat(SecretNames.looksSecret(name)).as(name).isFalse();
    }
  }

  private void assertOneLineError(int code, String fragment) {
    String e = cli.err.toString();
    assertThat(code).as("exit code for: " + e).isNotZero();
    assertThat(e).contains(fragment).doesNotContain(SECRET).doesNotContain("\tat ");
    assertThat(e.strip().lines()).as("one line: " + e).hasSize(1);
    cli.err.getBuffer().setLength(0);
  }
}
