package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.testing.systemd.ExecResult;
import org.junit.jupiter.api.Test;

/**
 * Mistakes an operator makes with {@code svc4j install} (and the control verbs) against a real
 * systemd: one line on stderr, a non-zero exit, and the unit directory exactly as it was.
 */
class CliBadInputE2eTest extends BootedSystemd {

  private static final String UNITS = "/etc/systemd/system";

  @Test
  void invalidNameIsRefused() {
    String before = unitDirectory();
    ExecResult r =
        svc4j.run("install", "--name", "bad name/..", "--direct", "--", "/bin/sleep", "60");
    assertRefusedInOneLine(r, "bad name/..");
    assertThat(unitDirectory()).isEqualTo(before);
  }

  @Test
  void relativeExecutableIsRefused() {
    String name = uniqueName("relative");
    String before = unitDirectory();
    ExecResult r = svc4j.run("install", "--name", name, "--direct", "--", "bin/sleep", "60");
    assertRefusedInOneLine(r, "bin/sleep");
    assertThat(unitDirectory()).isEqualTo(before);
    assertThat(ns.show(name + ".service", "LoadState")).isEqualTo("not-found");
  }

  @Test
  void missingExecutableIsRefused() {
    String name = uniqueName("missing");
    String before = unitDirectory();
    ExecResult r =
        svc4j.run("install", "--name", name, "--direct", "--", "/nonexistent/svc4j-e2e", "x");
    assertRefusedInOneLine(r, "/nonexistent/svc4j-e2e");
    assertThat(unitDirectory()).isEqualTo(before);
  }

  @Test
  void existingUnitIsNotOverwrittenWithoutForce() {
    String name = uniqueName("existing");
    String unitFile = UNITS + "/" + name + ".service";
    svc4j.run("install", "--name", name, "--direct", "--", "/bin/sleep", "600").requireSuccess();
    String original = ns.exec("cat", unitFile).requireSuccess().stdout();
    String before = unitDirectory();

    ExecResult r = svc4j.run("install", "--name", name, "--direct", "--", "/bin/sleep", "700");
    assertRefusedInOneLine(r, name);
    assertThat(ns.exec("cat", unitFile).requireSuccess().stdout())
        .as("the existing unit is untouched")
        .isEqualTo(original);
    assertThat(unitDirectory()).isEqualTo(before);

    ExecResult forced =
        svc4j.run("install", "--name", name, "--direct", "--force", "--", "/bin/sleep", "700");
    assertThat(forced.exitCode()).as("with --force: %s", forced).isZero();
    assertThat(ns.exec("cat", unitFile).requireSuccess().stdout()).contains("700");

    svc4j.run("uninstall", name).requireSuccess();
    assertThat(ns.exec("test", "-e", unitFile).exitCode()).isNotZero();
  }

  @Test
  void malformedEnvIsRefused() {
    String name = uniqueName("env");
    String before = unitDirectory();
    ExecResult r =
        svc4j.run(
            "install",
            "--name",
            name,
            "--direct",
            "--env",
            "NO_EQUALS_SIGN",
            "--",
            "/bin/sleep",
            "1");
    assertRefusedInOneLine(r, "NO_EQUALS_SIGN");
    assertThat(unitDirectory()).isEqualTo(before);
  }

  @Test
  void systemInstallWithoutRootIsRefused() {
    String name = uniqueName("nonroot");
    String before = unitDirectory();
    ExecResult r =
        svc4j.runAsNobody("install", "--name", name, "--direct", "--", "/bin/sleep", "60");
    assertRefusedInOneLine(r, "root");
    assertThat(unitDirectory()).isEqualTo(before);
  }

  /**
   * A service that ignores SIGTERM: {@code svc4j stop --timeout} gives up with one line and a
   * non-zero exit; systemd then kills it at the unit's own stop timeout.
   */
  @Test
  void stopTimeoutExceededIsReportedInOneLine() {
    String name = uniqueName("stubborn");
    svc4j
        .run(
            "install",
            "--name",
            name,
            "--direct",
            "--type",
            "exec",
            "--stop-timeout",
            "10s",
            "--start",
            "--",
            "/bin/sh",
            "-c",
            "trap '' TERM; while :; do sleep 1; done")
        .requireSuccess();
    assertThat(ns.show(name + ".service", "ActiveState")).isEqualTo("active");

    ExecResult r = svc4j.run("stop", name, "--timeout", "1s");
    assertRefusedInOneLine(r, name);
    assertThat(ns.show(name + ".service", "ActiveState"))
        .as("systemd is still waiting for the process to exit")
        .isEqualTo("deactivating");

    svc4j.run("uninstall", name, "--timeout", "60s").requireSuccess();
    assertThat(ns.exec("test", "-e", UNITS + "/" + name + ".service").exitCode()).isNotZero();
  }

  /**
   * A --direct service has no supervisor: {@code stop|start --child} say so in one line and leave
   * it running; a plain {@code restart} goes through systemd as for any direct service, no error.
   */
  @Test
  void childVerbsOnADirectServiceAreRefusedAndRestartUsesSystemd() {
    String name = uniqueName("direct-child");
    String unit = name + ".service";
    svc4j
        .run(
            "install",
            "--name",
            name,
            "--direct",
            "--type",
            "exec",
            "--start",
            "--",
            "/bin/sleep",
            "600")
        .requireSuccess();
    String mainPid = ns.show(unit, "MainPID");

    assertRefusedInOneLine(svc4j.run("stop", name, "--child"), name);
    assertRefusedInOneLine(svc4j.run("start", name, "--child"), name);
    assertThat(ns.show(unit, "ActiveState")).as("after the refused --child").isEqualTo("active");
    assertThat(ns.show(unit, "MainPID")).as("after the refused --child").isEqualTo(mainPid);

    ExecResult restart = svc4j.run("restart", name, "--timeout", "60s");
    assertThat(restart.exitCode()).as("restart of a direct service: %s", restart).isZero();
    assertThat(restart.stderr()).as("restart of a direct service: %s", restart).isEmpty();
    assertThat(restart.stdout()).startsWith("Restarted " + name + ": running");
    assertThat(ns.show(unit, "MainPID")).as("systemd restarted the process").isNotEqualTo(mainPid);

    svc4j.run("uninstall", name, "--timeout", "60s").requireSuccess();
  }

  @Test
  void dryRunPrintsTheUnitAndWritesNothing() {
    String name = uniqueName("dry-run");
    String before = unitDirectory();
    ExecResult r =
        svc4j.run("install", "--name", name, "--direct", "--dry-run", "--", "/bin/sleep", "60");
    assertThat(r.exitCode()).as("install --dry-run: %s", r).isZero();
    assertThat(r.stdout()).contains("[Service]").contains("ExecStart=").contains("/bin/sleep");
    assertThat(unitDirectory()).isEqualTo(before);
  }

  @Test
  void statusOfAnUnknownServiceExitsFour() {
    ExecResult r = svc4j.run("status", uniqueName("unknown"));
    assertThat(r.exitCode()).as("svc4j status of an unknown service: %s", r).isEqualTo(4);
  }

  private void assertRefusedInOneLine(ExecResult r, String mentioned) {
    assertThat(r.exitCode()).as("exit code: %s", r).isNotZero();
    String err = r.stderr().strip();
    assertThat(err).as("stderr: %s", r).isNotEmpty().doesNotContain("\n");
    assertThat(err).as("the message names the culprit").contains(mentioned);
    assertThat(err).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
  }

  /** Every file and link under the unit directory, with content, so any change shows. */
  private String unitDirectory() {
    return ns.exec(
            "sh",
            "-c",
            "cd "
                + UNITS
                + " && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+ && "
                + "find . -type f -print0 | sort -z | xargs -0 -r sha256sum")
        .requireSuccess()
        .stdout();
  }

  private static String uniqueName(String prefix) {
    return prefix + "-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }
}
