package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.testing.systemd.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Secrets through {@code svc4j install --env-file} under the real systemd: the value reaches the
 * service, while the unit file, {@code systemctl show} (which prints a unit's {@code Environment=}
 * to every local user) and the journal never hold it; a malformed secrets file is refused in one
 * line naming file:line, never the value.
 */
class EnvFileSecretsE2eTest extends BootedSystemd {

  private static final Duration SLOW = Duration.ofSeconds(60);

  /** Prints a digest of the secret, so that the test sees it arrived without logging it. */
  private static final String CHILD =
      "import hashlib, os, time; print('token sha256 ' +"
          + " hashlib.sha256(os.environ['API_TOKEN'].encode()).hexdigest(), flush=True);"
          + " time.sleep(3600)";

  private final String secret =
      "s3cr3t-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

  @Test
  void theSecretOfAnEnvFileReachesTheServiceButNotTheUnitNorSystemctlShow() throws Exception {
    String name = "env-file-" + Long.toHexString(System.nanoTime() & 0xffffff);
    String unit = name + ".service";
    Path file = secretsFile(name + ".env", "# the API's token\nAPI_TOKEN=" + secret + "\n");
    try {
      ExecResult install =
          svc4j.run(
              "install",
              "--name",
              name,
              "--env-file",
              file.toString(),
              "--log-dir",
              ns.dir().resolve("env-file-logs").toString(),
              "--start",
              "--timeout",
              "90s",
              "--",
              "/usr/bin/python3",
              "-c",
              CHILD);
      assertThat(install.exitCode()).as("install --env-file --start: %s", install).isZero();
      assertThat(install.stderr()).as("a root-owned 0600 file: no warning").isEmpty();

      String digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(secret.getBytes(StandardCharsets.UTF_8)));
      await()
          .atMost(SLOW)
          .untilAsserted(
              () ->
                  assertThat(svc4j.run("logs", name, "-n", "5").stdout())
                      .as("the service got the secret from the file")
                      .contains("token sha256 " + digest));

      String show = ns.exec("systemctl", "show", unit).requireSuccess().stdout();
      assertThat(show)
          .as("systemctl show references the file")
          .contains("EnvironmentFiles=" + file);
      assertThat(show).as("systemctl show never holds the secret").doesNotContain(secret);
      String unitFile = ns.exec("cat", "/etc/systemd/system/" + unit).requireSuccess().stdout();
      assertThat(unitFile)
          .as("the unit file references the file, it does not copy it")
          .contains("EnvironmentFile=" + file)
          .doesNotContain(secret);
      assertThat(ns.exec("ls", "-ln", file.toString()).requireSuccess().stdout())
          .as("the file stays root's, mode 0600")
          .startsWith("-rw------- 1 0 0 ");
      assertThat(ns.exec("journalctl", "--no-pager", "-u", unit).stdout())
          .as("the journal never holds the secret")
          .doesNotContain(secret);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    } finally {
      svc4j.run("uninstall", name);
    }
  }

  @Test
  void secretsFilesThatAreMalformedOrThatOthersCanChangeAreRefusedInOneLine() throws Exception {
    String name = "env-file-bad-" + Long.toHexString(System.nanoTime() & 0xffffff);
    String before = ns.exec("ls", "-la", "/etc/systemd/system").stdout();

    Path malformed = secretsFile(name + "-typo.env", "OK=1\nAPI-TOKEN=" + secret + "\n");
    ExecResult typo = install(name, malformed);
    assertThat(typo.exitCode()).as("%s", typo).isNotZero();
    assertThat(typo.stderr().strip().lines()).as("one line: %s", typo).hasSize(1);
    assertThat(typo.stderr())
        .as("names file:line")
        .contains(malformed + ":2: expected KEY=VALUE")
        .as("never the value")
        .doesNotContain(secret);

    Path shared = secretsFile(name + "-shared.env", "API_TOKEN=" + secret + "\n");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-rw-"));
    ExecResult writable = install(name, shared);
    assertThat(writable.exitCode()).as("%s", writable).isNotZero();
    assertThat(writable.stderr().strip().lines()).as("one line: %s", writable).hasSize(1);
    assertThat(writable.stderr())
        .contains("can be written by its group or by every user (mode 0666)")
        .contains("chmod 600")
        .doesNotContain(secret);

    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
    Files.setAttribute(shared, "unix:uid", 65534);
    ExecResult foreign = install(name, shared);
    assertThat(foreign.exitCode()).as("%s", foreign).isNotZero();
    assertThat(foreign.stderr()).contains("belongs to uid 65534, not to root");

    assertThat(ns.exec("ls", "-la", "/etc/systemd/system").stdout())
        .as("nothing installed")
        .isEqualTo(before);
  }

  private ExecResult install(String name, Path envFile) {
    return svc4j.run(
        "install",
        "--name",
        name,
        "--env-file",
        envFile.toString(),
        "--log-dir",
        ns.dir().resolve("env-file-bad-logs").toString(),
        "--",
        "/usr/bin/python3",
        "-c",
        CHILD);
  }

  /** A root-owned 0600 file in a root-only directory. */
  private Path secretsFile(String fileName, String content) throws Exception {
    Path dir = Files.createDirectories(ns.dir().resolve("secrets"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path file = dir.resolve(fileName);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
