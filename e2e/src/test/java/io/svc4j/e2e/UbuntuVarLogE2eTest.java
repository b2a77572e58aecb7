package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.e2e.cli.Svc4jCli;
import io.svc4j.testing.systemd.ExecResult;
import io.svc4j.testing.systemd.SystemdNamespace;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's {@code svc4j install} of a supervised service, with the default log directory {@code
 * /var/log/svc4j/NAME}, on a {@code /var/log} like Ubuntu's ({@code root:syslog 0775}: writable by
 * a system group) under the real systemd. The namespace gets its own tmpfs on {@code /var/log} (its
 * mounts are private: the host's /var/log is not touched): first with a regular gid, which install
 * refuses in one line installing nothing, then with {@code adm} (a system group), which works: the
 * unit is active and the child's output is in its log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UbuntuVarLogE2eTest {

  private static final Duration SLOW = Duration.ofSeconds(60);
  private static final String SOURCE = "svc4j-e2e-varlog";
  private static final String CHILD =
      "import time; print('hello from a group-writable /var/log', flush=True); time.sleep(3600)";

  private SystemdNamespace ns;
  private Svc4jCli svc4j;

  @BeforeAll
  void boot() throws Exception {
    E2eEnvironment.cliJar();
    ns = SystemdNamespace.boot();
    svc4j = new Svc4jCli(ns);
    ns.exec("mount", "-t", "tmpfs", "-o", "mode=0775,nosuid,nodev", SOURCE, "/var/log")
        .requireSuccess();
    // Only go on if /var/log is now the namespace's own tmpfs (the topmost mount there).
    assertThat(ns.exec("findmnt", "-n", "-o", "SOURCE", "-M", "/var/log").stdout().strip().lines())
        .last()
        .isEqualTo(SOURCE);
  }

  @AfterAll
  void powerOff() {
    if (ns != null) {
      ns.close();
    }
  }

  private ExecResult install(String name) {
    return svc4j.run(
        "install",
        "--name",
        name,
        "--stop-timeout",
        "10s",
        "--start",
        "--timeout",
        "90s",
        "--",
        "/usr/bin/python3",
        "-c",
        CHILD);
  }

  @Test
  void installWithTheDefaultLogDirectoryWorksWhenASystemGroupMayWriteVarLog() {
    String name = "varlog-" + Long.toHexString(System.nanoTime() & 0xffffff);
    String unit = name + ".service";
    try {
      // A regular group (gid 4242, from GID_MIN up) may write /var/log: refused, nothing installed.
      ns.exec("chgrp", "4242", "/var/log").requireSuccess();
      ExecResult refused = install(name);
      assertThat(refused.exitCode()).as("install: %s", refused).isNotZero();
      assertThat(refused.stderr().strip())
          .as("one line: %s", refused)
          .doesNotContain("\n")
          .contains(
              "'/var/log' is writable by group 4242 (mode 0775), not a system group"
                  + " (gid 4242, GID_MIN 1000)")
          .contains("chmod g-w '/var/log'");
      assertThat(ns.exec("test", "-e", "/etc/systemd/system/" + unit).exitCode())
          .as("no unit was written")
          .isNotZero();
      assertThat(ns.exec("test", "-e", "/var/log/svc4j").exitCode())
          .as("no log directory was created")
          .isNotZero();

      // Ubuntu's shape: root:<system group> 0775.
      ns.exec("chgrp", "adm", "/var/log").requireSuccess();
      assertThat(ns.exec("stat", "-c", "%a %U:%G", "/var/log").stdout().strip())
          .isEqualTo("775 root:adm");
      ExecResult install = install(name);
      assertThat(install.exitCode()).as("install --start: %s", install).isZero();
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");
      await()
          .atMost(SLOW)
          .untilAsserted(
              () ->
                  assertThat(svc4j.run("logs", name, "-n", "5").stdout())
                      .contains("hello from a group-writable /var/log"));
      String log = "/var/log/svc4j/" + name + "/" + name + ".out.log";
      assertThat(ns.exec("cat", log).requireSuccess().stdout())
          .contains("hello from a group-writable /var/log");
      assertThat(ns.exec("stat", "-c", "%a %U", "/var/log/svc4j").stdout().strip())
          .isEqualTo("755 root");
      assertThat(ns.exec("stat", "-c", "%a %U", "/var/log/svc4j/" + name).stdout().strip())
          .isEqualTo("750 root");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    } finally {
      svc4j.run("uninstall", name);
    }
  }
}
