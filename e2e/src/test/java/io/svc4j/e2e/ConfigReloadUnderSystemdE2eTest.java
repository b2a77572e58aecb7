package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.e2e.cli.Svc4jCli;
import io.svc4j.testing.systemd.ExecResult;
import io.svc4j.testing.systemd.SystemdNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A supervised service installed with {@code --config} and {@code reload-on-change: true}, under
 * the real systemd: saving its file (by rename, as editors do) changes its behaviour without a
 * restart (a new health check runs against the same child, the same supervisor), a broken save is
 * one located line in the journal and the service keeps running on the old generation, a new
 * command replaces only the child; {@code systemctl reload} re-reads the file the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigReloadUnderSystemdE2eTest {

  private static final Duration SLOW = Duration.ofSeconds(60);
  private static final Pattern CHILD_PID = Pattern.compile("child: +RUNNING, pid (\\d+)");
  private static final Pattern GENERATION = Pattern.compile("config: +generation (\\d+), loaded");

  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
  private SystemdNamespace ns;
  private Svc4jCli svc4j;

  @BeforeAll
  void boot() throws Exception {
    E2eEnvironment.cliJar();
    ns = SystemdNamespace.boot();
    svc4j = new Svc4jCli(ns);
  }

  @AfterAll
  void powerOff() {
    if (ns != null) {
      ns.close();
    }
  }

  private static String yaml(String name, String seconds, Path marker, String restartMode) {
    return """
        name: %s
        reload-on-change: true
        command: [/bin/sleep, '%s']
        restart: {mode: %s}
        readiness: {start-seconds: 1s}
        health-check: {command: [/bin/sh, -c, 'echo x >> %s'], interval: 1s, restart-on-unhealthy: false}
        """
        .formatted(name, seconds, restartMode, marker);
  }

  private static void save(Path file, String text) throws Exception {
    Path temp = file.resolveSibling("." + file.getFileName() + ".swp");
    Files.writeString(temp, text);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private record Live(long childPid, int generation) {}

  private Live live(String name) {
    String out = svc4j.run("status", name).stdout();
    Matcher pid = CHILD_PID.matcher(out);
    Matcher generation = GENERATION.matcher(out);
    assertThat(pid.find()).as("status: %s", out).isTrue();
    assertThat(generation.find()).as("status: %s", out).isTrue();
    return new Live(Long.parseLong(pid.group(1)), Integer.parseInt(generation.group(1)));
  }

  @Test
  void editsApplyWithoutARestartAndABrokenEditKeepsTheOldGeneration() throws Exception {
    String name = "config-reload-" + suffix;
    String unit = name + ".service";
    Path dir = Files.createDirectories(ns.dir().resolve("config-reload"));
    Path config = dir.resolve(name + ".yaml");
    Path first = dir.resolve("first-check");
    Path second = dir.resolve("second-check");
    Files.writeString(config, yaml(name, "600", first, "always"));
    try {
      ExecResult install =
          svc4j.run(
              "install",
              "--name",
              name,
              "--config",
              config.toString(),
              "--start",
              "--timeout",
              "90s");
      assertThat(install.exitCode()).as("install --start: %s", install).isZero();
      String mainPid = ns.show(unit, "MainPID");
      await().atMost(SLOW).until(() -> Files.exists(first));
      Live start = live(name);
      assertThat(start.generation()).isEqualTo(1);

      // A new health check: it runs against the same child, under the same supervisor.
      save(config, yaml(name, "600", second, "always"));
      await().atMost(SLOW).until(() -> Files.exists(second));
      await().atMost(SLOW).untilAsserted(() -> assertThat(live(name).generation()).isEqualTo(2));
      assertThat(live(name).childPid()).as("the same child").isEqualTo(start.childPid());
      assertThat(ns.show(unit, "MainPID")).as("the same supervisor").isEqualTo(mainPid);
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");

      // A broken save: one located line, generation 2 and its child keep running.
      save(config, yaml(name, "601", second, "sometimes"));
      await()
          .atMost(SLOW)
          .untilAsserted(
              () ->
                  assertThat(ns.exec("journalctl", "--no-pager", "-u", unit).stdout())
                      .contains(config + ":4:")
                      .contains("configuration generation 2 stays"));
      assertThat(live(name)).isEqualTo(new Live(start.childPid(), 2));
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");

      // systemctl reload with a new command: only the child is replaced.
      Files.writeString(config, yaml(name, "602", second, "always"));
      ns.exec(SLOW, "systemctl", "reload", unit).requireSuccess();
      await()
          .atMost(SLOW)
          .untilAsserted(
              () -> {
                Live now = live(name);
                assertThat(now.generation()).isEqualTo(3);
                assertThat(now.childPid()).isNotEqualTo(start.childPid());
              });
      long child = live(name).childPid();
      assertThat(ns.exec("cat", "/proc/" + child + "/cmdline").stdout().replace('\0', ' '))
          .contains("/bin/sleep 602");
      assertThat(ns.show(unit, "MainPID")).as("the same supervisor").isEqualTo(mainPid);
      assertThat(ns.show(unit, "NRestarts")).isEqualTo("0");
      assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");

      ExecResult uninstall = svc4j.run("uninstall", name);
      assertThat(uninstall.exitCode()).as("uninstall: %s", uninstall).isZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    }
  }
}
