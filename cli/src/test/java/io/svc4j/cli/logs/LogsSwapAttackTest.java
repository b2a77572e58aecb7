package io.svc4j.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.Svc4j;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.logs.ThrowawayAccounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sudo svc4j logs NAME} runs as root. A service logs to {@code varlog/svc4j/web}, where
 * {@code varlog} is {@code root:GROUP 0775} like Ubuntu's {@code /var/log}; a real member of that
 * throwaway system group swaps {@code svc4j} for a tree of their own leading to a root-only secret
 * ({@code 0600 root}, standing in for {@code /etc/shadow}). The command, finding the file through
 * the running supervisor as usual, prints none of it and refuses in one line naming what was
 * swapped.
 */
class LogsSwapAttackTest {

  private static ThrowawayAccounts accounts;

  @TempDir Path tmp;
  private Path varLog;
  private Path secrets;
  private String secret;
  private Supervisor supervisor;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void accounts() throws Exception {
    accounts = ThrowawayAccounts.create();
  }

  @AfterAll
  static void removeAccounts() throws Exception {
    if (accounts != null) {
      accounts.close();
    }
  }

  @BeforeEach
  void superviseIntoAGroupWritableVarLog() throws Exception {
    varLog = accounts.varLogLike(tmp, "varlog");
    secret = "SECRET-" + UUID.randomUUID();
    secrets = Files.createDirectory(tmp.resolve("root-only"));
    chmod(secrets, "rwx------");
    Path shadow = Files.writeString(secrets.resolve("shadow"), secret + "\n");
    chmod(shadow, "rw-------");
    Path named =
        Files.writeString(
            Files.createDirectory(secrets.resolve("web")).resolve("web.out.log"), secret + "\n");
    chmod(named, "rw-------");

    Path logs = varLog.resolve("svc4j").resolve("web");
    supervisor =
        Supervisor.of(
            SupervisorConfig.of("web", List.of("sh", "-c", "echo real line; exec sleep 600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(logs)));
    supervisor.serveControl(tmp.resolve("web.sock"));
    supervisor.startChild();
    assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.readString(logs.resolve("web.out.log")).contains("real line"));
  }

  @AfterEach
  void stop() {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private int logs() {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    var context =
        new CliContext(
            scope -> new FakeManager(),
            name -> tmp.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Svc4j.execute(new String[] {"logs", "web"}, context);
  }

  private void assertRefused(String why, String fix) {
    assertThat(logs()).as(out + "" + err).isEqualTo(1);
    assertThat(out.toString()).doesNotContain(secret);
    assertThat(err.toString()).doesNotContain(secret);
    Path logs = varLog.resolve("svc4j/web");
    assertThat(err.toString().strip())
        .isEqualTo(
            "svc4j: error: cannot read the captured log of 'web' at "
                + logs.resolve("web.out.log")
                + ": '"
                + logs
                + "' is not safe for reading logs: "
                + why
                + ", who could plant links there; "
                + fix
                + " (e.g. /var/log/svc4j/NAME)");
  }

  @Test
  void theUbuntuLikeLayoutItselfIsRead() {
    assertThat(logs()).as(err.toString()).isZero();
    assertThat(out.toString().lines()).containsExactly("real line");
  }

  /** {@code svc4j} swapped for a directory of their own, {@code web/web.out.log} a link. */
  @Test
  void aTreeOfTheMembersOwnWithALinkAsTheLogFileIsRefused() throws Exception {
    Path svc4j = varLog.resolve("svc4j");
    accounts.asAttacker(
        "mv '"
            + svc4j
            + "' '"
            + svc4j
            + ".old'; mkdir -p '"
            + svc4j.resolve("web")
            + "'; ln -s '"
            + secrets.resolve("shadow")
            + "' '"
            + svc4j.resolve("web/web.out.log")
            + "'");
    assertRefused(
        "'" + svc4j + "' belongs to user " + accounts.attacker, "use a directory owned by root");
  }

  /** {@code svc4j} swapped for a directory of their own, {@code web} a link to root's. */
  @Test
  void aTreeOfTheMembersOwnWithALinkAsTheLogDirectoryIsRefused() throws Exception {
    Path svc4j = varLog.resolve("svc4j");
    accounts.asAttacker(
        "mv '"
            + svc4j
            + "' '"
            + svc4j
            + ".old'; mkdir '"
            + svc4j
            + "'; ln -s '"
            + secrets.resolve("web")
            + "' '"
            + svc4j.resolve("web")
            + "'");
    assertRefused(
        "'" + svc4j + "' belongs to user " + accounts.attacker, "use a directory owned by root");
  }

  /** {@code svc4j} swapped for a link to a root-only tree holding {@code web/web.out.log}. */
  @Test
  void aLinkToARootOnlyTreeIsRefused() throws Exception {
    Path svc4j = varLog.resolve("svc4j");
    accounts.asAttacker(
        "mv '" + svc4j + "' '" + svc4j + ".old'; ln -s '" + secrets + "' '" + svc4j + "'");
    assertRefused(
        "'"
            + svc4j
            + "' is a symbolic link in '"
            + varLog
            + "', which group "
            + accounts.systemGroup
            + " can write",
        "give the real directory");
  }
}
