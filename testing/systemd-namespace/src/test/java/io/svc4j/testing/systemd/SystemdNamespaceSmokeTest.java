package io.svc4j.testing.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The harness itself: boot, a Type=notify unit written by the test, poweroff without leftovers. */
class SystemdNamespaceSmokeTest {

  @Test
  void bootsSystemdRunsANotifyUnitAndPowersOffCleanly() throws Exception {
    long pid;
    String unitFile;
    Map<String, String> hostMounts = hostMounts();
    try (SystemdNamespace ns = SystemdNamespace.boot()) {
      pid = ns.pid();
      assertThat(hostMounts()).as("the host's mounts while systemd runs").isEqualTo(hostMounts);
      assertThat(ns.exec("systemctl", "is-system-running").out()).isIn("running", "degraded");
      // PID 1 inside is the systemd we booted, not the host's init.
      assertThat(ns.exec("cat", "/proc/1/comm").out()).isEqualTo("systemd");

      String unit = "smoke-" + Long.toHexString(System.nanoTime()) + ".service";
      unitFile = "/etc/systemd/system/" + unit;
      // NotifyAccess=all: systemd-notify is a child of the shell, not the main process.
      ns.writeFile(
          unitFile,
          """
          [Unit]
          Description=svc4j e2e smoke unit

          [Service]
          Type=notify
          NotifyAccess=all
          ExecStart=/bin/sh -c 'sleep 1; systemd-notify --ready --status="smoke ready"; exec sleep infinity'
          """);
      ns.exec("systemctl", "daemon-reload").requireSuccess();
      ns.exec("systemctl", "start", unit).requireSuccess();

      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");
      assertThat(ns.show(unit, "SubState")).isEqualTo("running");
      assertThat(ns.show(unit, "StatusText")).isEqualTo("smoke ready");
      assertThat(Long.parseLong(ns.show(unit, "MainPID"))).isPositive();

      // The unit exists only in the namespace's private /etc/systemd/system.
      assertThat(ns.exec("test", "-f", unitFile).exitCode()).isZero();
      assertThat(Path.of(unitFile)).doesNotExist();
    }
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(hostMounts()).as("the host's mounts after poweroff").isEqualTo(hostMounts);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(Files.exists(Path.of("/proc", Long.toString(pid)))).isFalse());
  }

  /**
   * Mount options of the host mounts systemd would touch at boot or shutdown (a remount changes the
   * shared superblock, e.g. systemd makes /sys/fs/cgroup read-only), as seen by this JVM, which is
   * in the host's mount namespace.
   */
  private static Map<String, String> hostMounts() throws Exception {
    Set<String> watched = Set.of("/", "/tmp", "/run", "/sys", "/sys/fs/cgroup", "/proc", "/dev");
    Map<String, String> mounts = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (watched.contains(f[4])) {
        int dash = List.of(f).indexOf("-");
        mounts.merge(f[4], f[5] + " " + f[dash + 1] + " " + f[dash + 3], (a, b) -> a + " | " + b);
      }
    }
    return mounts;
  }

  @Test
  void closeIsIdempotentAndLeavesNoSystemdBehind() throws Exception {
    SystemdNamespace ns = SystemdNamespace.boot();
    long pid = ns.pid();
    ns.close();
    ns.close();
    assertThat(ProcessHandle.of(pid)).isEmpty();
  }
}
