package io.svc4j.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.SupervisorCheck;
import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ubuntu's {@code /var/log} is {@code root:syslog 0775}: a member of a system group can write a
 * directory above the log directory. These tests stand in such a directory ({@code var-log},
 * root-owned, writable by a throwaway system group) and attack it as a real member of that group:
 * the directory is accepted, but whatever the member swaps in (a link, a directory of their own) is
 * refused before root writes a byte, and a swap while running changes nothing. A regular group, an
 * access control list, or a log directory the group can write itself are still refused, and so is
 * the supervisor's runtime directory, which root works in by path. "Root writes nothing there" is
 * checked on {@code outside/} (root-owned, standing in for /etc) and on the attacker's own
 * directories.
 */
class GroupWritableParentAttackTest {

  private static ThrowawayAccounts accounts;

  @TempDir Path tmp;
  private Path varLog;
  private Path outside;
  private Path secret;

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
  void layout() throws IOException {
    varLog = accounts.varLogLike(tmp, "var-log");
    outside = Files.createDirectory(tmp.resolve("outside"));
    secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    chmod(secret, "rw-------");
  }

  private static void chmod(Path p, String mode) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private static UnaryOperator<SupervisorConfig> options(Path logs) {
    return c ->
        c.withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
            .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
            .withLogs(LogSettings.in(logs));
  }

  private static Supervisor supervisor(Path logs, String script) {
    return TestSupervisors.fromCommand("web", List.of("/bin/sh", "-c", script), options(logs));
  }

  /** What {@code svc4j install} checks, without creating anything. */
  private static List<ConfigException> validate(Path logs) {
    return SupervisorCheck.validate(
        options(logs).apply(SupervisorConfig.of("web", List.of("/bin/sh", "-c", "true"))));
  }

  private static void runToEnd(Supervisor supervisor) {
    supervisor.startChild();
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> supervisor.status().state() == ChildState.EXITED);
    supervisor.close();
  }

  private static List<String> names(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Refused by install's validation and by the supervisor, with the same one line. */
  private static void assertRefused(Path logs, String expected) {
    List<ConfigException> problems = validate(logs);
    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst().getMessage())
        .isEqualTo("logs.directory: " + expected)
        .doesNotContain("\n");
    assertThatThrownBy(() -> supervisor(logs, "echo 'evil::0:0::/root:/bin/sh'"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("logs.directory: " + expected);
  }

  private static String unsafe(Path logs, String why, String fix) {
    return "'"
        + logs
        + "' is not safe for logs written as root: "
        + why
        + ", who could plant links there; "
        + fix
        + " (e.g. /var/log/svc4j/NAME)";
  }

  @Test
  void anUbuntuLikeVarLogIsAcceptedAndTheLogsAreWritten() throws Exception {
    Path logs = varLog.resolve("svc4j").resolve("web");
    assertThat(validate(logs)).isEmpty();
    assertThat(varLog.resolve("svc4j")).as("validation creates nothing").doesNotExist();

    runToEnd(supervisor(logs, "echo hello"));

    assertThat(Files.readString(logs.resolve("web.out.log"))).isEqualTo("hello\n");
    assertThat(Files.getAttribute(varLog.resolve("svc4j"), "unix:mode")).isEqualTo(040755);
    assertThat(Files.getAttribute(logs, "unix:mode")).isEqualTo(040750);
    assertThat(Files.getAttribute(logs, "unix:uid")).isEqualTo(0);
  }

  /**
   * The member renames the root-owned directory away and puts a link to a place of their choice
   * where it was: for the log directory itself, and for {@code svc4j} in the default layout {@code
   * /var/log/svc4j/NAME}. A link in a directory others can write is never followed.
   */
  @Test
  void aMemberWhoSwapsTheLogDirectoryOrItsParentForALinkIsRefusedAndRootWritesNothingThere()
      throws Exception {
    Path outsideLogs = Files.createDirectory(outside.resolve("web"));
    for (Path swapped : List.of(varLog.resolve("web"), varLog.resolve("svc4j"))) {
      Path logs = swapped.getFileName().toString().equals("web") ? swapped : swapped.resolve("web");
      runToEnd(supervisor(logs, "echo first-run"));
      Path target = swapped.equals(logs) ? outsideLogs : outside;
      accounts.asAttacker(
          "mv '" + swapped + "' '" + swapped + ".old'; ln -s '" + target + "' '" + swapped + "'");

      assertRefused(
          logs,
          unsafe(
              logs,
              "'"
                  + swapped
                  + "' is a symbolic link in '"
                  + varLog
                  + "', which group "
                  + accounts.systemGroup
                  + " can write",
              "give the real directory"));

      assertThat(names(outside)).containsExactly("passwd", "web");
      assertThat(names(outsideLogs)).isEmpty();
      assertThat(Files.readString(secret)).isEqualTo("root:x:0:0:root:/root:/bin/bash\n");
    }
  }

  /** A directory of the member's own (with a link to a root file as the log file) is refused. */
  @Test
  void aMemberWhoSwapsTheLogDirectoryForADirectoryTheyOwnIsRefusedAndRootWritesNothingThere()
      throws Exception {
    Path logs = varLog.resolve("web");
    runToEnd(supervisor(logs, "echo first-run"));
    accounts.asAttacker(
        "mv '"
            + logs
            + "' '"
            + logs
            + ".old'; mkdir '"
            + logs
            + "'; ln -s '"
            + secret
            + "' '"
            + logs.resolve("web.out.log")
            + "'");

    assertRefused(
        logs,
        unsafe(
            logs,
            "'" + logs + "' belongs to user " + accounts.attacker,
            "use a directory owned by root"));

    assertThat(names(logs)).containsExactly("web.out.log");
    assertThat(Files.getAttribute(logs, "unix:uid")).isEqualTo(accounts.attackerUid);
    assertThat(Files.readString(secret)).isEqualTo("root:x:0:0:root:/root:/bin/bash\n");
  }

  /**
   * The directory is held open while running: the member renaming it away and putting their own
   * directory (or a link) in its place does not move a single line.
   */
  @Test
  void aSwapWhileRunningChangesNothing() throws Exception {
    Path logs = varLog.resolve("web");
    Path trigger = tmp.resolve("go-on");
    Supervisor supervisor =
        supervisor(
            logs, "echo before; while [ ! -e '" + trigger + "' ]; do sleep 0.05; done; echo after");
    supervisor.startChild();
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> Files.readString(logs.resolve("web.out.log")).equals("before\n"));

    accounts.asAttacker(
        "mv '"
            + logs
            + "' '"
            + logs
            + ".moved'; mkdir '"
            + logs
            + "'; ln -s '"
            + secret
            + "' '"
            + logs.resolve("web.out.log")
            + "'; ln -s '"
            + outside
            + "' '"
            + varLog.resolve("svc4j")
            + "'");
    Files.createFile(trigger);
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> supervisor.status().state() == ChildState.EXITED);
    supervisor.close();

    assertThat(Files.readString(varLog.resolve("web.moved").resolve("web.out.log")))
        .isEqualTo("before\nafter\n");
    assertThat(names(logs)).containsExactly("web.out.log");
    assertThat(Files.isSymbolicLink(logs.resolve("web.out.log"))).isTrue();
    assertThat(names(outside)).containsExactly("passwd");
    assertThat(Files.readString(secret)).isEqualTo("root:x:0:0:root:/root:/bin/bash\n");
  }

  /**
   * Where svc4j creates the log directory inside the shared directory, the member races it: they
   * keep a directory of their own ready (with a file {@code mine} in it) and rename it over the
   * name, which replaces root's freshly made, still empty one between {@code mkdirat} and {@code
   * openat}. Root must never adopt it (set its owner and mode and log there): it is refused as
   * swapped, or as theirs. The race runs until the swap was caught once, or for 30 s: on a quiet
   * machine the window between the two calls is so short that the member may never hit it (CI once:
   * not within 120 s), so catching it is reported, not required; that the member's directory was in
   * place and refused is.
   */
  @Test
  void aDirectorySwappedInWhileSvc4jCreatesTheLogDirectoryIsNeverAdopted() throws Exception {
    Path logs = varLog.resolve("web");
    Path stop = tmp.resolve("stop");
    String attack =
        "import os, sys\n"
            + "p, web, stop = sys.argv[1], sys.argv[2], sys.argv[3]\n"
            + "i = 0\n"
            + "while not os.path.exists(stop):\n"
            + "    t = os.path.join(p, 'mine-%d' % i); i += 1\n"
            + "    os.mkdir(t, 0o700); open(os.path.join(t, 'mine'), 'w').close()\n"
            + "    try:\n"
            + "        os.rename(t, web)\n"
            + "    except OSError:\n"
            + "        os.unlink(os.path.join(t, 'mine')); os.rmdir(t)\n";
    Process attacker =
        accounts.startAsAttacker(
            "/usr/bin/python3", "-c", attack, varLog.toString(), logs.toString(), stop.toString());
    var access = LogAccess.current();
    int[] swapped = {0};
    int[] theirs = {0};
    int[] adopted = {0};
    int[] ours = {0};
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      while (swapped[0] == 0 && adopted[0] == 0 && System.nanoTime() - deadline < 0) {
        try (LogDirectory dir = LogDirectory.open(logs, access)) {
          if (dir.exists("mine")) {
            adopted[0]++;
          } else {
            ours[0]++;
          }
        } catch (UnsafeDirectoryException e) {
          if (e.getMessage().contains("was swapped for another directory")) {
            swapped[0]++;
          } else if (e.getMessage().contains("belongs to user " + accounts.attacker)) {
            theirs[0]++;
          } else {
            throw e;
          }
        } catch (IOException e) {
          // the name vanished under the walk (renamed over): try again
        }
        removeQuietly(logs);
      }
    } finally {
      Files.createFile(stop);
      assertThat(attacker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(adopted[0])
        .as(
            "adopted %d, refused as swapped %d, as theirs %d, ours %d",
            adopted[0], swapped[0], theirs[0], ours[0])
        .isZero();
    System.out.printf(
        "creation race: refused as swapped %d, as theirs %d, ours %d%n",
        swapped[0], theirs[0], ours[0]);
    assertThat(swapped[0] + theirs[0])
        .as("the member's directory was in place and refused")
        .isPositive();
  }

  /** Removes {@code dir} and a {@code mine} file in it, whatever is there now (races tolerated). */
  private static void removeQuietly(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve("mine"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // renamed over meanwhile: the next round removes it
    }
  }

  /** A regular group (gid from GID_MIN up) is ordinary users': still refused, nothing created. */
  @Test
  void aParentWritableByARegularGroupIsRefused() throws Exception {
    Files.setAttribute(varLog, "unix:gid", accounts.regularGid);
    Path logs = varLog.resolve("svc4j").resolve("web");
    assertRefused(
        logs,
        unsafe(
            logs,
            "'"
                + varLog
                + "' is writable by group "
                + accounts.regularGroup
                + " (mode 0775), not a system group (gid "
                + accounts.regularGid
                + ", GID_MIN 1000)",
            "chmod g-w '" + varLog + "' or choose another directory"));
    assertThat(names(varLog)).isEmpty();
  }

  /** {@code users} (gid 100 on Debian) is below GID_MIN, but it is every ordinary user's group. */
  @Test
  void aParentWritableByTheUsersGroupIsRefused() throws Exception {
    Files.setAttribute(varLog, "unix:gid", 100);
    Path logs = varLog.resolve("web");
    assertRefused(
        logs,
        unsafe(
            logs,
            "'"
                + varLog
                + "' is writable by group users (mode 0775), not a system group ('users' is the"
                + " group of ordinary users)",
            "chmod g-w '" + varLog + "' or choose another directory"));
    assertThat(names(varLog)).isEmpty();
  }

  /**
   * A supervisor that is not root may use directories of its own; one of those that a system group
   * may write is still refused above the log directory: the exception is for root's.
   */
  @Test
  void aSharedParentOwnedByTheSupervisorsUserRatherThanRootIsRefused() throws Exception {
    Files.setAttribute(varLog, "unix:uid", accounts.attackerUid);
    Path logs = varLog.resolve("web");
    var access = new LogAccess(accounts.attackerUid, accounts.systemGid, accounts.systemGroup);
    assertThatThrownBy(() -> TrustedDirectory.check(logs, access))
        .isInstanceOf(UnsafeDirectoryException.class)
        .hasMessage(
            unsafe(
                logs,
                "'"
                    + varLog
                    + "' is owned by user "
                    + accounts.attacker
                    + ", not root, and writable by group "
                    + accounts.systemGroup
                    + " (mode 0775)",
                "chmod g-w '" + varLog + "' or choose another directory"));
  }

  @Test
  void aLogDirectoryTheSystemGroupCanWriteIsRefused() throws Exception {
    Path logs = Files.createDirectory(varLog.resolve("web"));
    Files.setAttribute(logs, "unix:gid", accounts.systemGid);
    chmod(logs, "rwxrwxr-x");
    assertRefused(
        logs,
        unsafe(
            logs,
            "'" + logs + "' is writable by group " + accounts.systemGroup + " (mode 0775)",
            "chmod go-w '" + logs + "' or choose another directory"));
    assertThat(names(logs)).isEmpty();
  }

  /**
   * An access control list may let a user write where the mode shows only a group: {@code 0775
   * root:root} here, yet the attacker (not in group root) can create entries. Refused.
   */
  @Test
  void aParentWhoseAccessControlListLetsAUserWriteIsRefused() throws Exception {
    Files.setAttribute(varLog, "unix:gid", 0);
    chmod(varLog, "rwxr-xr-x");
    ThrowawayAccounts.run("setfacl", "-m", "u:" + accounts.attacker + ":rwx", varLog.toString());
    accounts.asAttacker("mkdir '" + varLog.resolve("planted") + "'");
    assertThat(Files.getAttribute(varLog, "unix:mode")).isEqualTo(040775);
    Files.delete(varLog.resolve("planted"));

    Path logs = varLog.resolve("web");
    assertRefused(
        logs,
        unsafe(
            logs,
            "'"
                + varLog
                + "' is writable by group root (mode 0775) and has an access control list"
                + " that may let others write it",
            "setfacl -b '" + varLog + "' or choose another directory"));
    assertThat(names(varLog)).isEmpty();
  }

  /**
   * Root works in its runtime directory by path (binds, chowns, deletes), not through a held
   * descriptor: there a group-writable directory above stays refused, system group or not.
   */
  @Test
  void theRuntimeDirectoryStillRefusesAParentASystemGroupCanWrite() {
    Path runtime = varLog.resolve("svc4j-1234");
    assertThatThrownBy(
            () ->
                DirectoryTrust.require(
                    runtime,
                    "the supervisor's runtime files (notify sockets)",
                    "-Djava.io.tmpdir=/tmp"))
        .isInstanceOf(UnsafeDirectoryException.class)
        .hasMessage(
            "'"
                + runtime
                + "' is not safe for the supervisor's runtime files (notify sockets): '"
                + varLog
                + "' is writable by group "
                + accounts.systemGroup
                + " (mode 0775), who could plant links there; chmod go-w '"
                + varLog
                + "' or choose another directory (e.g. -Djava.io.tmpdir=/tmp)");
  }
}
