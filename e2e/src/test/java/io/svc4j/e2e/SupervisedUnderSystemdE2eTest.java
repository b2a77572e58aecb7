package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.testing.systemd.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A program that knows nothing of svc4j, installed through the CLI in supervised mode (no {@code
 * --direct}) as a real systemd service: systemd sees the unit active only once the child sent its
 * own {@code READY=1}; a child killed with SIGKILL is restarted by the supervisor inside the same
 * unit (same MainPID, systemd's NRestarts stays 0); {@code svc4j restart}, {@code stop --child} and
 * {@code start --child} act on the child through the control channel while the unit stays active
 * with the same MainPID, {@code restart --service} restarts the unit; a stop takes the child's
 * whole tree with it.
 *
 * <p>One test walks the life of one service, because every step starts from the state the previous
 * one left; each assertion says which step it checks.
 */
class SupervisedUnderSystemdE2eTest extends BootedSystemd {

  private static final Duration SLOW = Duration.ofSeconds(60);

  /** How long the child waits before READY=1: long enough to tell "started" from "ready". */
  private static final double READY_DELAY_SECONDS = 2.0;

  /**
   * The child: forks a {@code sleep} grandchild (same session, so only a tree stop reaches it),
   * records its pid and CLOCK_MONOTONIC times (the clock of systemd's *TimestampMonotonic), then
   * speaks sd_notify itself. Files are written under a temporary name and renamed, so the test
   * never reads half a file.
   */
  private static final String CHILD =
      """
      import os, socket, subprocess, sys, time

      out = sys.argv[1]
      pid = os.getpid()

      def record(name, value):
          path = os.path.join(out, "%s-%d" % (name, pid))
          with open(path + ".part", "w") as f:
              f.write(str(value))
          os.rename(path + ".part", path)

      started = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
      grandchild = subprocess.Popen(["sleep", "600"])
      record("grandchild", grandchild.pid)
      print("supervised child %d started, grandchild %d" % (pid, grandchild.pid), flush=True)
      time.sleep(%READY_DELAY%)
      record("ready", time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000)
      record("started", started)
      address = os.environ["NOTIFY_SOCKET"]
      if address.startswith("@"):
          address = "\\0" + address[1:]
      with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
          s.sendto(b"READY=1\\nSTATUS=serving", address)
      print("supervised child %d ready" % pid, flush=True)
      while True:
          time.sleep(3600)
      """
          .replace("%READY_DELAY%", Double.toString(READY_DELAY_SECONDS));

  private final String name = "supervised-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);
  private final String unit = name + ".service";
  private final ObjectMapper json = new ObjectMapper();

  private Path out;
  private Path logs;

  @BeforeAll
  void stage() throws Exception {
    // Under ns.dir(): the service runs with PrivateTmp and a read-only /home.
    out = Files.createDirectories(ns.dir().resolve("supervised-out"));
    logs = ns.dir().resolve("supervised-logs");
  }

  @Test
  void supervisedProgramLivesAndDiesInsideOneSystemdUnit() throws Exception {
    try {
      long firstChild = installAndStartIsActiveOnlyOnceTheChildIsReady();
      statusAndLogsShowTheChild(firstChild);
      aSilentClientDoesNotHoldTheControlChannel(firstChild);
      long secondChild = killedChildIsRestartedByTheSupervisorNotBySystemd(firstChild);
      long thirdChild = restartCommandRestartsOnlyTheChild(secondChild);
      stopChildLeavesTheServiceActive(thirdChild);
      long fourthChild = startChildRunsItAgain(thirdChild);
      long fifthChild = restartWithServiceRestartsTheWholeUnit(fourthChild);
      stopTakesTheWholeTree(fifthChild);
      uninstallLeavesNothingBehind();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    }
  }

  /** Returns the first child's pid. */
  private long installAndStartIsActiveOnlyOnceTheChildIsReady() throws Exception {
    Path script = ns.dir().resolve("supervised-child.py");
    Files.writeString(script, CHILD);
    Path config = ns.dir().resolve("supervised.yaml");
    // readiness notify: only the child's READY=1 makes it RUNNING (uptime would after 1 s).
    Files.writeString(
        config,
        """
        name: %s
        command: [/usr/bin/python3, %s, %s]
        readiness: {mode: notify, start-timeout: 60s}
        restart: {mode: on-failure, backoff: {initial: 500ms, max: 5s}}
        """
            .formatted(name, script, out));

    ExecResult install =
        svc4j.run(
            "install",
            "--name",
            name,
            "--config",
            config.toString(),
            "--log-dir",
            logs.toString(),
            "--stop-timeout",
            "20s",
            "--start",
            "--timeout",
            "90s",
            "--",
            "/usr/bin/python3",
            script.toString(),
            out.toString());
    assertThat(install.exitCode()).as("install --start: %s", install).isZero();

    assertThat(ns.show(unit, "Type"))
        .as("install: the supervisor is Type=notify")
        .isEqualTo("notify");
    String execStart = ns.show(unit, "ExecStart");
    assertThat(execStart)
        .as("install: ExecStart runs the supervisor, not the program")
        .contains("svc4j.jar")
        .contains(" run ")
        .contains(script.toString());
    assertThat(execStart)
        .as("install: the supervisor JVM's footprint options (JvmOptions.supervisor())")
        .contains(String.join(" ", io.svc4j.cli.install.JvmOptions.supervisor()));
    assertThat(ns.show(unit, "ActiveState")).as("install --start returned").isEqualTo("active");

    long mainPid = Long.parseLong(ns.show(unit, "MainPID"));
    JsonNode supervisor = supervisorStatus();
    long child = supervisor.path("pid").asLong();
    assertThat(child).as("child pid from the control socket").isPositive().isNotEqualTo(mainPid);

    long started = Long.parseLong(Files.readString(out.resolve("started-" + child)));
    long ready = Long.parseLong(Files.readString(out.resolve("ready-" + child)));
    long activeEnter = Long.parseLong(ns.show(unit, "ActiveEnterTimestampMonotonic"));
    assertThat(ready - started)
        .as("the child waited before READY=1 (µs)")
        .isGreaterThanOrEqualTo((long) (READY_DELAY_SECONDS * 1_000_000) - 100_000);
    assertThat(activeEnter)
        .as(
            "systemd's ActiveEnterTimestampMonotonic is not before the child's READY=1"
                + " (child started at %d, ready at %d)",
            started, ready)
        .isGreaterThanOrEqualTo(ready);
    return child;
  }

  private void statusAndLogsShowTheChild(long child) throws Exception {
    ExecResult status = svc4j.run("status", name);
    assertThat(status.exitCode()).as("svc4j status of a running service: %s", status).isZero();
    assertThat(status.stdout())
        .as("svc4j status shows the live child")
        .contains("child:   RUNNING, pid " + child);

    JsonNode node = statusJson();
    assertThat(node.path("state").asText()).isEqualTo("running");
    assertThat(node.path("mainPid").asLong()).isEqualTo(Long.parseLong(ns.show(unit, "MainPID")));
    assertThat(node.path("supervisor").path("state").asText()).isEqualTo("RUNNING");
    assertThat(node.path("supervisor").path("pid").asLong()).isEqualTo(child);
    assertThat(node.path("supervisor").path("restarts").asInt()).isZero();

    await()
        .atMost(SLOW)
        .untilAsserted(
            () -> {
              // No --log-dir: the running supervisor says where its files are.
              ExecResult tail = svc4j.run("logs", name, "-n", "10");
              assertThat(tail.exitCode()).as("svc4j logs: %s", tail).isZero();
              assertThat(tail.stdout())
                  .as("svc4j logs shows the child's captured stdout")
                  .contains("supervised child " + child + " started")
                  .contains("supervised child " + child + " ready");
            });
    assertThat(logs.resolve(name + ".svc4j.log"))
        .as("the supervisor's own log, separate from the child's output")
        .content()
        .contains("started pid " + child)
        .doesNotContain("supervised child " + child + " started");
  }

  /**
   * A local client that connects to the control socket and sends nothing, again and again (each
   * connection is cut after the supervisor's 5 s request timeout and it reconnects at once), so
   * that one is always connected: {@code svc4j status} still answers with the live child. Before
   * the fix the supervisor's single control thread waited on the silent client forever.
   */
  private void aSilentClientDoesNotHoldTheControlChannel(long child) throws Exception {
    Path connected = out.resolve("silent-connected");
    Path done = out.resolve("silent-done");
    String socket = "/run/svc4j/" + name + ".sock";
    Process silent =
        ns.spawn(
            "/usr/bin/python3",
            "-c",
            """
            import os, socket, sys, time
            sock, connected, done = sys.argv[1:4]
            end = time.monotonic() + 120
            while not os.path.exists(done) and time.monotonic() < end:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sock)
                with open(connected, "a") as f:
                    print("connected", file=f)
                s.recv(1)  # returns when the supervisor cuts the silent connection
                s.close()
            """,
            socket,
            connected.toString(),
            done.toString());
    try {
      await().atMost(SLOW).until(() -> Files.exists(connected));

      long start = System.nanoTime();
      ExecResult status = svc4j.run("status", name);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(status.exitCode())
          .as("svc4j status with a silent client connected: %s", status)
          .isZero();
      assertThat(status.stdout())
          .as("the live child, from the supervisor")
          .contains("child:   RUNNING, pid " + child);
      // The CLI gives a supervisor 5 s; the rest is the CLI's JVM starting on a busy machine.
      assertThat(took).as("svc4j status took %s", took).isLessThan(Duration.ofSeconds(20));

      await()
          .atMost(SLOW)
          .untilAsserted(
              () ->
                  assertThat(Files.readAllLines(connected))
                      .as("the supervisor cut the silent connection and it came back")
                      .hasSizeGreaterThan(1));
    } finally {
      Files.writeString(done, "done");
      if (!silent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        silent.destroyForcibly();
      }
    }
  }

  /** Returns the new child's pid. */
  private long killedChildIsRestartedByTheSupervisorNotBySystemd(long child) throws Exception {
    String mainPid = ns.show(unit, "MainPID");
    long grandchild = Long.parseLong(Files.readString(out.resolve("grandchild-" + child)));
    assertThat(alive(grandchild)).as("the first child's grandchild runs").isTrue();

    ns.exec("kill", "-9", Long.toString(child)).requireSuccess();

    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode s = supervisorStatus();
              assertThat(s.path("state").asText()).as("child state: %s", s).isEqualTo("RUNNING");
              assertThat(s.path("pid").asLong()).as("a new child: %s", s).isNotEqualTo(child);
              assertThat(s.path("restarts").asInt()).as("restarts: %s", s).isEqualTo(1);
            });
    long newChild = supervisorStatus().path("pid").asLong();
    assertThat(out.resolve("ready-" + newChild)).as("the new child sent READY=1").exists();
    assertThat(ns.show(unit, "MainPID"))
        .as("the supervisor (MainPID) survived the child's kill")
        .isEqualTo(mainPid);
    assertThat(ns.show(unit, "NRestarts")).as("systemd restarted nothing").isEqualTo("0");
    assertThat(ns.show(unit, "ActiveState")).as("the unit stayed active").isEqualTo("active");
    assertThat(alive(child)).as("the killed child is gone").isFalse();
    await()
        .atMost(SLOW)
        .untilAsserted(
            () ->
                assertThat(alive(grandchild))
                    .as(
                        "the killed child's grandchild %d was cleaned up before the restart",
                        grandchild)
                    .isFalse());

    JsonNode node = statusJson();
    assertThat(node.path("supervisor").path("restarts").asInt())
        .as("svc4j status --json counts the supervisor's restart")
        .isEqualTo(1);
    return newChild;
  }

  /** Returns the new child's pid. */
  private long restartCommandRestartsOnlyTheChild(long child) throws Exception {
    String mainPid = ns.show(unit, "MainPID");
    long grandchild = Long.parseLong(Files.readString(out.resolve("grandchild-" + child)));
    JsonNode before = supervisorStatus();

    ExecResult r = svc4j.run("restart", name, "--timeout", "90s");
    assertThat(r.exitCode()).as("svc4j restart of a supervised service: %s", r).isZero();

    JsonNode after = supervisorStatus();
    long newChild = after.path("pid").asLong();
    assertThat(after.path("state").asText())
        .as("restart returned only once the new child was RUNNING: %s", after)
        .isEqualTo("RUNNING");
    assertThat(newChild).as("a new child: %s", after).isPositive().isNotEqualTo(child);
    assertThat(r.stdout().strip())
        .as("one line with the new child's pid")
        .isEqualTo(
            "Restarted the child of "
                + name
                + ": RUNNING, pid "
                + newChild
                + " (the service itself kept running)");
    assertThat(out.resolve("ready-" + newChild)).as("the new child sent READY=1").exists();
    assertThat(Instant.parse(after.path("startedAt").asText()))
        .as("svc4j status --json shows the new run")
        .isAfter(Instant.parse(before.path("startedAt").asText()));
    assertThat(ns.show(unit, "MainPID"))
        .as("svc4j restart kept the supervisor (MainPID)")
        .isEqualTo(mainPid);
    assertThat(ns.show(unit, "NRestarts")).as("systemd restarted nothing").isEqualTo("0");
    assertThat(ns.show(unit, "ActiveState")).as("the unit stayed active").isEqualTo("active");
    for (long pid : new long[] {child, grandchild}) {
      assertThat(alive(pid)).as("pid %d of the old child's tree after restart", pid).isFalse();
    }
    return newChild;
  }

  private void stopChildLeavesTheServiceActive(long child) throws Exception {
    String mainPid = ns.show(unit, "MainPID");
    long grandchild = Long.parseLong(Files.readString(out.resolve("grandchild-" + child)));

    ExecResult r = svc4j.run("stop", name, "--child");
    assertThat(r.exitCode()).as("svc4j stop --child: %s", r).isZero();
    assertThat(r.stdout()).startsWith("Stopped the child of " + name + ": STOPPED");

    assertThat(ns.show(unit, "ActiveState")).as("after stop --child").isEqualTo("active");
    assertThat(ns.show(unit, "MainPID")).as("after stop --child").isEqualTo(mainPid);
    for (long pid : new long[] {child, grandchild}) {
      assertThat(alive(pid)).as("pid %d of the child's tree after stop --child", pid).isFalse();
    }
    JsonNode s = supervisorStatus();
    assertThat(s.path("state").asText()).as("child after stop --child: %s", s).isEqualTo("STOPPED");
    assertThat(s.path("pid").asLong()).as("no child pid: %s", s).isZero();
    ExecResult status = svc4j.run("status", name);
    assertThat(status.exitCode()).as("the service itself still runs: %s", status).isZero();
    assertThat(status.stdout()).contains("child:   STOPPED");
  }

  /** Returns the new child's pid. */
  private long startChildRunsItAgain(long stoppedChild) throws Exception {
    String mainPid = ns.show(unit, "MainPID");

    ExecResult r = svc4j.run("start", name, "--child", "--timeout", "90s");
    assertThat(r.exitCode()).as("svc4j start --child: %s", r).isZero();

    JsonNode s = supervisorStatus();
    long newChild = s.path("pid").asLong();
    assertThat(s.path("state").asText()).as("after start --child: %s", s).isEqualTo("RUNNING");
    assertThat(newChild).isPositive().isNotEqualTo(stoppedChild);
    assertThat(r.stdout().strip())
        .isEqualTo("Started the child of " + name + ": RUNNING, pid " + newChild);
    assertThat(out.resolve("ready-" + newChild)).as("the new child sent READY=1").exists();
    assertThat(ns.show(unit, "MainPID")).as("after start --child").isEqualTo(mainPid);
    assertThat(ns.show(unit, "NRestarts")).as("systemd restarted nothing").isEqualTo("0");
    return newChild;
  }

  /** Returns the new child's pid. */
  private long restartWithServiceRestartsTheWholeUnit(long child) throws Exception {
    long mainPid = Long.parseLong(ns.show(unit, "MainPID"));

    ExecResult r = svc4j.run("restart", name, "--service", "--timeout", "90s");
    assertThat(r.exitCode()).as("svc4j restart --service: %s", r).isZero();

    assertThat(ns.show(unit, "ActiveState")).as("after restart --service").isEqualTo("active");
    assertThat(Long.parseLong(ns.show(unit, "MainPID")))
        .as("restart --service replaced the supervisor")
        .isPositive()
        .isNotEqualTo(mainPid);
    assertThat(alive(mainPid)).as("the old supervisor is gone").isFalse();
    JsonNode s = supervisorStatus();
    assertThat(s.path("state").asText())
        .as("child of the new supervisor: %s", s)
        .isEqualTo("RUNNING");
    assertThat(s.path("pid").asLong()).as("a new child: %s", s).isNotEqualTo(child);
    assertThat(s.path("restarts").asInt()).as("a new supervisor counts afresh: %s", s).isZero();
    assertThat(alive(child)).as("the old child is gone").isFalse();
    return s.path("pid").asLong();
  }

  private void stopTakesTheWholeTree(long child) throws Exception {
    long grandchild = Long.parseLong(Files.readString(out.resolve("grandchild-" + child)));
    long mainPid = Long.parseLong(ns.show(unit, "MainPID"));
    assertThat(alive(grandchild)).as("the new child's grandchild runs").isTrue();

    ExecResult stop = svc4j.run("stop", name);
    assertThat(stop.exitCode()).as("svc4j stop: %s", stop).isZero();
    assertThat(ns.show(unit, "ActiveState")).as("after stop").isEqualTo("inactive");
    assertThat(ns.show(unit, "Result")).as("after stop").isEqualTo("success");
    for (long pid : new long[] {mainPid, child, grandchild}) {
      assertThat(alive(pid)).as("pid %d after stop (supervisor, child, grandchild)", pid).isFalse();
    }
    assertThat(ns.exec("pgrep", "-f", out.toString()).out())
        .as("no process of the service's command left")
        .isEmpty();
    ExecResult status = svc4j.run("status", name);
    assertThat(status.exitCode()).as("svc4j status of a stopped service: %s", status).isEqualTo(3);
    assertThat(status.stdout()).as("no supervisor answers").doesNotContain("child:");
  }

  private void uninstallLeavesNothingBehind() {
    ExecResult r = svc4j.run("uninstall", name);
    assertThat(r.exitCode()).as("uninstall: %s", r).isZero();
    assertThat(ns.exec("test", "-e", "/etc/systemd/system/" + unit).exitCode())
        .as("unit file removed")
        .isNotZero();
    assertThat(ns.show(unit, "LoadState")).isEqualTo("not-found");
    assertThat(svc4j.run("status", name).exitCode()).as("status after uninstall").isEqualTo(4);
  }

  /** Alive and not a zombie, as seen inside the namespace. */
  private boolean alive(long pid) {
    ExecResult r = ns.exec("ps", "-o", "stat=", "-p", Long.toString(pid));
    return r.exitCode() == 0 && !r.out().isEmpty() && !r.out().startsWith("Z");
  }

  private JsonNode statusJson() throws Exception {
    ExecResult r = svc4j.run("status", name, "--json");
    assertThat(r.exitCode()).as("svc4j status --json: %s", r).isZero();
    return json.readTree(r.stdout());
  }

  private JsonNode supervisorStatus() throws Exception {
    JsonNode supervisor = statusJson().path("supervisor");
    assertThat(supervisor.isObject()).as("status --json has a supervisor object").isTrue();
    return supervisor;
  }
}
