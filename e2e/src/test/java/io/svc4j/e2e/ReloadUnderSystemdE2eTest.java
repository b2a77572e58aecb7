package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.testing.systemd.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reload under the real systemd (252 here: {@code ExecReload=/bin/kill -HUP $MAINPID}), through
 * {@code systemctl reload} and {@code svc4j reload}:
 *
 * <ul>
 *   <li>hello-http installed by its own {@code install} (its service is Reloadable): the unit shows
 *       {@code reloading} while {@code reload()} runs (RELOADING=1 reached systemd), the reload
 *       takes effect (a rotated bearer token), the unit is active again (READY=1);
 *   <li>a supervised program that speaks sd_notify: the reload reaches it as SIGHUP (it records
 *       it), the unit stays {@code reloading} until the child's own READY=1, the same child runs.
 * </ul>
 *
 * <p>To hold a reload open long enough to see it, the file the reload reads is a FIFO: reading it
 * blocks until the test writes the next value.
 */
class ReloadUnderSystemdE2eTest extends BootedSystemd {

  private static final int PORT = 18090;
  private static final Duration SLOW = Duration.ofSeconds(60);

  /** On SIGHUP: record it, read the FIFO (blocks until the test writes), then READY=1. */
  private static final String CHILD =
      """
      import os, signal, socket, sys, time

      record, fifo = sys.argv[1], sys.argv[2]
      address = os.environ["NOTIFY_SOCKET"]
      if address.startswith("@"):
          address = "\\0" + address[1:]
      s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)

      def reload(sig, frame):
          with open(record, "a") as f:
              f.write("HUP %d\\n" % os.getpid())
          with open(fifo) as f:
              f.read()
          s.sendto(b"READY=1", address)

      signal.signal(signal.SIGHUP, reload)
      s.sendto(b"READY=1", address)
      while True:
          time.sleep(3600)
      """;

  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);

  private String helloJar;

  @Override
  void requireJars() throws Exception {
    E2eEnvironment.helloHttpJar();
  }

  @BeforeAll
  void stage() throws Exception {
    helloJar = E2eEnvironment.stage(E2eEnvironment.helloHttpJar(), ns.dir()).toString();
  }

  @Test
  void anEmbeddedReloadableServiceReloadsThroughSystemctlAndSvc4j() throws Exception {
    String name = "reload-hello-" + suffix;
    String unit = name + ".service";
    // Under ns.dir(): the service runs with PrivateTmp and a read-only /home.
    Path token = ns.dir().resolve("hello-token");
    Files.writeString(token, "token-1\n");
    try {
      ExecResult install =
          ns.exec(
              E2eEnvironment.java().toString(),
              "-jar",
              helloJar,
              "install",
              "--name",
              name,
              "--start",
              "--timeout",
              "90s",
              "--",
              "--port",
              Integer.toString(PORT),
              "--bind",
              "127.0.0.1",
              "--auth-token-file",
              token.toString());
      assertThat(install.exitCode()).as("hello-http install --start: %s", install).isZero();
      assertThat(ns.show(unit, "CanReload")).as("the unit offers reload").isEqualTo("yes");
      assertThat(ns.show(unit, "ExecReload")).contains("/bin/kill -HUP $MAINPID");
      assertThat(api(token("token-1"))).as("GET /api/items with the first token").isEqualTo(200);

      // systemctl reload: from now on the token file is a FIFO, so reload() blocks reading it.
      fifo(token);
      Process systemctl = ns.spawn("systemctl", "reload", unit);
      awaitActiveState(unit, "reloading", "reload() runs after RELOADING=1");
      feed(token, "token-2");
      awaitActiveState(unit, "active", "READY=1 once reload() returned");
      assertSucceeds(systemctl, "systemctl reload");
      assertThat(api(token("token-2"))).as("reload() read the second token").isEqualTo(200);
      assertThat(api(token("token-1"))).as("the first token stopped working").isEqualTo(401);

      // svc4j reload: the same, and the command waits while the unit shows reloading.
      Process reload = svc4j.spawn("reload", name, "--timeout", "60s");
      awaitActiveState(unit, "reloading", "svc4j reload: reload() runs after RELOADING=1");
      feed(token, "token-3");
      assertThat(reload.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS))
          .as("svc4j reload ends")
          .isTrue();
      String output = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(reload.exitValue()).as("svc4j reload: %s", output).isZero();
      assertThat(output).startsWith("Reloaded " + name + ": running");
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");
      assertThat(api(token("token-3"))).as("reload() read the third token").isEqualTo(200);
      assertThat(api(token("token-2"))).isEqualTo(401);
      assertThat(ns.exec("journalctl", "--no-pager", "-u", unit).stdout())
          .as("the service logged both reloads")
          .containsSubsequence("reload: auth token re-read", "reload: auth token re-read");

      uninstall(name);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    }
  }

  @Test
  void aSupervisedChildGetsSighupAndTheUnitWaitsForItsReady() throws Exception {
    String name = "reload-supervised-" + suffix;
    String unit = name + ".service";
    Path dir = Files.createDirectories(ns.dir().resolve("supervised-reload"));
    Path script = dir.resolve("child.py");
    Path record = dir.resolve("record");
    Path fifo = dir.resolve("fifo");
    Files.writeString(script, CHILD);
    Path config = dir.resolve("supervised.yaml");
    Files.writeString(
        config,
        """
        name: %s
        command: [/usr/bin/python3, %s, %s, %s]
        readiness: {mode: notify, start-timeout: 60s}
        reload: {signal: HUP, timeout: 60s}
        """
            .formatted(name, script, record, fifo));
    try {
      ns.exec("mkfifo", fifo.toString()).requireSuccess();
      ExecResult install =
          svc4j.run(
              "install",
              "--name",
              name,
              "--config",
              config.toString(),
              "--log-dir",
              dir.resolve("logs").toString(),
              "--start",
              "--timeout",
              "90s",
              "--",
              "/usr/bin/python3",
              script.toString(),
              record.toString(),
              fifo.toString());
      assertThat(install.exitCode()).as("install --start: %s", install).isZero();
      assertThat(ns.show(unit, "CanReload")).as("a supervised unit offers reload").isEqualTo("yes");
      String mainPid = ns.show(unit, "MainPID");

      Process systemctl = ns.spawn("systemctl", "reload", unit);
      long child = awaitHups(record, 1);
      awaitActiveState(unit, "reloading", "the supervisor waits for the child's READY=1");
      feed(fifo, "go");
      awaitActiveState(unit, "active", "the child's READY=1 ended the reload");
      assertSucceeds(systemctl, "systemctl reload");

      Process reload = svc4j.spawn("reload", name, "--timeout", "60s");
      assertThat(awaitHups(record, 2)).as("the same child got the second SIGHUP").isEqualTo(child);
      awaitActiveState(unit, "reloading", "svc4j reload: the supervisor waits for the child");
      feed(fifo, "go");
      assertThat(reload.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS))
          .as("svc4j reload ends")
          .isTrue();
      String output = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(reload.exitValue()).as("svc4j reload: %s", output).isZero();
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");
      assertThat(ns.show(unit, "MainPID"))
          .as("the supervisor was not restarted")
          .isEqualTo(mainPid);
      assertThat(ns.show(unit, "NRestarts")).isEqualTo("0");

      uninstall(name);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    }
  }

  @Test
  void reloadOfAUnitWithoutReloadIsOneLineAndNonZero() {
    String name = "reload-none-" + suffix;
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
    try {
      assertThat(ns.show(name + ".service", "CanReload")).isEqualTo("no");

      ExecResult reload = svc4j.run("reload", name);

      assertThat(reload.exitCode()).as("svc4j reload: %s", reload).isNotZero();
      assertThat(reload.stderr().strip().lines())
          .singleElement()
          .asString()
          .contains("service '" + name + "' does not support reload");
      assertThat(ns.show(name + ".service", "ActiveState")).isEqualTo("active");
    } finally {
      uninstall(name);
    }
  }

  private void uninstall(String name) {
    ExecResult r = svc4j.run("uninstall", name);
    assertThat(r.exitCode()).as("uninstall: %s", r).isZero();
  }

  /**
   * Whether {@code systemctl reload} returns before or after the reload is done depends on whether
   * RELOADING=1 reaches systemd before the ExecReload= kill exits; either way it succeeds.
   */
  private static void assertSucceeds(Process process, String what) throws InterruptedException {
    assertThat(process.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS)).as("%s ends", what).isTrue();
    assertThat(process.exitValue()).as("%s exit code", what).isZero();
  }

  private static String token(String value) {
    return "Authorization: Bearer " + value;
  }

  /** The HTTP status of GET /api/items with {@code header}. */
  private int api(String header) {
    ExecResult r =
        ns.exec(
            "curl",
            "-sS",
            "--max-time",
            "20",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-H",
            header,
            "http://127.0.0.1:" + PORT + "/api/items");
    return Integer.parseInt(r.stdout().strip());
  }

  private void fifo(Path file) {
    ns.exec("sh", "-c", "rm -f \"$1\" && mkfifo \"$1\"", "sh", file.toString()).requireSuccess();
  }

  /** Writes {@code value} into the FIFO; returns once the reader took it. */
  private void feed(Path fifo, String value) {
    ns.exec(
            Duration.ofSeconds(30),
            "sh",
            "-c",
            "printf %s \"$2\" > \"$1\"",
            "sh",
            fifo.toString(),
            value)
        .requireSuccess();
  }

  private void awaitActiveState(String unit, String state, String why) {
    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(ns.show(unit, "ActiveState")).as(why).isEqualTo(state));
  }

  /** Waits for the {@code count}th SIGHUP the child recorded; returns the pid that recorded it. */
  private long awaitHups(Path record, int count) {
    await()
        .atMost(SLOW)
        .until(() -> Files.exists(record) && Files.readAllLines(record).size() >= count);
    try {
      List<String> lines = Files.readAllLines(record);
      assertThat(lines).hasSize(count).allMatch(line -> line.startsWith("HUP "));
      return Long.parseLong(lines.get(count - 1).substring(4).strip());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
