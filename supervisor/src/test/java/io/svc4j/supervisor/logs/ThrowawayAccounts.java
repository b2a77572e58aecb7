package io.svc4j.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real groups and a real user for attacks, made with {@code groupadd}/{@code useradd} (the tests
 * run as root, here and in CI) and removed again by {@link #close}: a system group (like Ubuntu's
 * {@code syslog}), a regular group (like a user's own), and an attacker whose primary group is the
 * system group, so it can write whatever that group may write. Public for the readers' attack tests
 * in the console and cli modules (through this module's test-jar).
 */
public final class ThrowawayAccounts implements AutoCloseable {

  public final String systemGroup;
  public final String regularGroup;
  public final String attacker;
  public final int systemGid;
  public final int regularGid;
  public final int attackerUid;

  private ThrowawayAccounts(String suffix) throws Exception {
    systemGroup = "svc4jsys" + suffix;
    regularGroup = "svc4jreg" + suffix;
    attacker = "svc4jatk" + suffix;
    run("groupadd", "-r", systemGroup);
    run("groupadd", regularGroup);
    run(
        "useradd",
        "-r",
        "-M",
        "-N",
        "-g",
        systemGroup,
        "-d",
        "/nonexistent",
        "-s",
        "/usr/sbin/nologin",
        attacker);
    systemGid = Integer.parseInt(field("group", systemGroup, 2));
    regularGid = Integer.parseInt(field("group", regularGroup, 2));
    attackerUid = Integer.parseInt(field("passwd", attacker, 2));
  }

  public static ThrowawayAccounts create() throws Exception {
    // short and unique: account names are limited to 32 characters, and other tests may run at once
    return new ThrowawayAccounts(UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * A directory like Ubuntu's {@code /var/log} (root, the system group, 0775) made as {@code name}
   * in {@code tmp}, which becomes 0755 so the attacker may pass through it, as through {@code
   * /var}.
   */
  public Path varLogLike(Path tmp, String name) throws IOException {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path varLog = Files.createDirectory(tmp.resolve(name));
    Files.setAttribute(varLog, "unix:gid", systemGid);
    Files.setPosixFilePermissions(varLog, PosixFilePermissions.fromString("rwxrwxr-x"));
    return varLog;
  }

  /** Runs {@code script} with {@code sh -c} as the attacker, its groups only its primary one. */
  public void asAttacker(String script) throws Exception {
    run(
        "setpriv",
        "--reuid",
        attacker,
        "--regid",
        systemGroup,
        "--clear-groups",
        "--",
        "/bin/sh",
        "-ec",
        script);
  }

  /** Starts {@code argv} as the attacker without waiting (output merged, for diagnostics). */
  public Process startAsAttacker(String... argv) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv", "--reuid", attacker, "--regid", systemGroup, "--clear-groups", "--"));
    command.addAll(List.of(argv));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  @Override
  public void close() throws Exception {
    run("userdel", attacker);
    run("groupdel", systemGroup);
    run("groupdel", regularGroup);
  }

  private static String field(String database, String name, int index) throws Exception {
    return run("getent", database, name).strip().split(":", -1)[index];
  }

  static String run(String... argv) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(argv));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", argv)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
    return out;
  }
}
