package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.testing.systemd.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code svc4j install --run-as nobody} in supervised mode under the real systemd: the supervisor
 * (the unit's main process) stays root, so that it can write its logs and serve its control socket
 * under /run/svc4j; only the child runs as nobody. And {@code --dry-run} changes nothing on disk.
 */
class SupervisedRunAsE2eTest extends BootedSystemd {

  private static final Duration SLOW = Duration.ofSeconds(60);

  /** One line, no file of its own: nobody may not be able to read the test's directories. */
  private static final String CHILD =
      "import os, time; print('child %d runs as uid %d' % (os.getpid(), os.getuid()),"
          + " flush=True); time.sleep(3600)";

  /** Every place an install writes to or a supervisor creates at its first start. */
  private static final String[] TREE = {
    "/etc/systemd/system", "/run/svc4j", "/var/lib/svc4j", "/tmp", "/var/tmp"
  };

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void dryRunOfASupervisedRunAsInstallChangesNothingOnDisk() {
    String name = "dry-run-" + Long.toHexString(System.nanoTime() & 0xffffff);
    Path logs = ns.dir().resolve("dry-run-logs");
    // A first JVM creates its scratch directories in /tmp, which changes /tmp's mtime.
    svc4j.run("list").requireSuccess();
    String before = snapshot(logs.toString());

    // Without --log-dir: the default /var/log/svc4j/NAME (the host's /var/log: the name is unique).
    ExecResult defaultLogs =
        svc4j.run(
            "install",
            "--name",
            name,
            "--run-as",
            "nobody",
            "--dry-run",
            "--",
            "/usr/bin/python3",
            "-c",
            CHILD);
    ExecResult explicitLogs =
        svc4j.run(
            "install",
            "--name",
            name + "-b",
            "--run-as",
            "nobody",
            "--log-dir",
            logs.toString(),
            "--dry-run",
            "--",
            "/usr/bin/python3",
            "-c",
            CHILD);

    assertThat(explicitLogs.exitCode()).as("dry-run: %s", explicitLogs).isZero();
    assertThat(snapshot(logs.toString()))
        .as("/etc/systemd/system, /run/svc4j, /var/lib/svc4j, /tmp and the log directory")
        .isEqualTo(before);
    assertThat(ns.exec("test", "-e", "/var/log/svc4j/" + name).exitCode())
        .as("the default log directory was not created")
        .isNotZero();
    assertThat(logs).as("the --log-dir directory was not created").doesNotExist();
    assertThat(defaultLogs.exitCode()).as("dry-run: %s", defaultLogs).isZero();
    assertThat(defaultLogs.stdout())
        .as("dry-run prints the unit")
        .contains("# /etc/systemd/system/" + name + ".service")
        .contains("\"--run-as\" \"nobody\"")
        .doesNotContain("User=");
  }

  @Test
  void supervisedRunAsNobodyStartsLogsAnswersRestartsAndStops() throws Exception {
    String name = "run-as-" + Long.toHexString(System.nanoTime() & 0xffffff);
    String unit = name + ".service";
    Path logs = ns.dir().resolve("run-as-logs");
    try {
      ExecResult install =
          svc4j.run(
              "install",
              "--name",
              name,
              "--run-as",
              "nobody",
              "--log-dir",
              logs.toString(),
              "--stop-timeout",
              "10s",
              "--start",
              "--timeout",
              "90s",
              "--",
              "/usr/bin/python3",
              "-c",
              CHILD);
      assertThat(install.exitCode()).as("install --run-as nobody --start: %s", install).isZero();
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");
      assertThat(ns.show(unit, "User"))
          .as("the unit runs the supervisor as root: it owns the logs and /run/svc4j")
          .isEmpty();

      long supervisor = Long.parseLong(ns.show(unit, "MainPID"));
      assertThat(uid(supervisor)).as("the supervisor's uid").isEqualTo("0");
      long child = runningChild(name);
      assertThat(uid(child)).as("the child's uid (from /proc)").isEqualTo("65534");

      ExecResult status = svc4j.run("status", name);
      assertThat(status.exitCode()).as("svc4j status: %s", status).isZero();
      assertThat(status.stdout()).contains("child:   RUNNING, pid " + child);
      await()
          .atMost(SLOW)
          .untilAsserted(
              () ->
                  assertThat(svc4j.run("logs", name, "-n", "5").stdout())
                      .as("svc4j logs shows the child's output")
                      .contains("child " + child + " runs as uid 65534"));

      ExecResult restart = svc4j.run("restart", name, "--timeout", "60s");
      assertThat(restart.exitCode()).as("svc4j restart: %s", restart).isZero();
      long second = runningChild(name);
      assertThat(second).as("a new child after restart").isNotEqualTo(child);
      assertThat(uid(second)).as("the restarted child's uid").isEqualTo("65534");
      assertThat(ns.show(unit, "MainPID"))
          .as("the child was restarted by the supervisor, inside the unit")
          .isEqualTo(Long.toString(supervisor));

      ExecResult stop = svc4j.run("stop", name);
      assertThat(stop.exitCode()).as("svc4j stop: %s", stop).isZero();
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("inactive");
      assertThat(ns.show(unit, "Result")).isEqualTo("success");
      assertThat(ns.exec("test", "-e", "/proc/" + second).exitCode())
          .as("the child is gone")
          .isNotZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    } finally {
      svc4j.run("uninstall", name);
    }
  }

  /** The pid of the RUNNING child, waiting until there is one. */
  private long runningChild(String name) {
    return await()
        .atMost(SLOW)
        .until(
            () -> {
              JsonNode s = statusJson(name).path("supervisor");
              return "RUNNING".equals(s.path("state").asText()) ? s.path("pid").asLong() : 0L;
            },
            pid -> pid > 0);
  }

  /** The real uid of a process, read from /proc inside the namespace. */
  private String uid(long pid) {
    String status = ns.exec("cat", "/proc/" + pid + "/status").requireSuccess().stdout();
    return status
        .lines()
        .filter(l -> l.startsWith("Uid:"))
        .findFirst()
        .orElseThrow()
        .split("\\s+")[1];
  }

  /** Path, type, mode, owner, size and mtime of everything under the tree and {@code extra}. */
  private String snapshot(String extra) {
    List<String> argv = new ArrayList<>(List.of("find"));
    argv.addAll(List.of(TREE));
    // The JVM's own scratch files (perf data, JNA's native library) are not the install's.
    argv.addAll(List.of(extra, "-path", "/tmp/hsperfdata_*", "-prune", "-o"));
    argv.addAll(
        List.of("-path", "/tmp/jna*", "-prune", "-o", "-printf", "%p %y %m %u:%g %s %T@\\n"));
    return ns.exec(argv.toArray(String[]::new)).stdout();
  }

  private JsonNode statusJson(String name) throws Exception {
    return json.readTree(svc4j.run("status", name, "--json").stdout());
  }
}
