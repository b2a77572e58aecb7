package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.testing.systemd.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A supervised service installed with {@code --config} and {@code reload-on-change: true}, under
 * the real systemd: saving its file (by rename, as editors do) changes its behaviour without a
 * restart (a new health check runs against the same child, the same supervisor), a broken save is
 * one located line in the journal and the service keeps running on the old generation, a new
 * command replaces only the child; {@code systemctl reload} re-reads the file the same way.
 */
class ConfigReloadUnderSystemdE2eTest extends BootedSystemd {

  private static final Duration SLOW = Duration.ofSeconds(60);
  private static final Pattern CHILD_PID = Pattern.compile("child: +RUNNING, pid (\\d+)");
  private static final Pattern GENERATION = Pattern.compile("config: +generation (\\d+), loaded");

  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);

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
      // The kernel fills in a new program's arguments a moment after the spawn returns.
      await()
          .atMost(SLOW)
          .untilAsserted(
              () ->
                  assertThat(
                          ns.exec("cat", "/proc/" + child + "/cmdline").stdout().replace('\0', ' '))
                      .contains("/bin/sleep 602"));
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

  /**
   * Writes "line N" without end until {@code stop} exists, then "end"; captured in {@code logs}.
   */
  private static String writer(String name, Path stop, Path logs, String logSettings) {
    return """
        name: %s
        command: [/bin/sh, -c, 'i=0; while [ ! -e %s ]; do echo "line $i"; i=$((i+1)); if [ $((i %% 100)) -eq 0 ]; then sleep 0.01; fi; done; echo end; exec /bin/sleep 600']
        restart: {mode: always}
        readiness: {start-seconds: 1s}
        logs: {directory: %s, keep: 100, %s}
        """
        .formatted(name, stop, logs, logSettings);
  }

  private static final Pattern STAMP =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z ");

  @Test
  void aLogSettingChangedBySystemctlReloadAppliesToTheSameChildAndNoLineIsLost() throws Exception {
    String name = "log-reload-" + suffix;
    String unit = name + ".service";
    Path dir = Files.createDirectories(ns.dir().resolve("log-reload"));
    Path logs = dir.resolve("logs");
    Path stop = dir.resolve("stop");
    Path config = dir.resolve(name + ".yaml");
    Path current = logs.resolve(name + ".out.log");
    Files.writeString(config, writer(name, stop, logs, "max-size: 64KiB"));
    try {
      ExecResult install =
          svc4j.run(
              "install",
              "--name",
              name,
              "--config",
              config.toString(),
              "--log-dir",
              logs.toString(),
              "--start",
              "--timeout",
              "90s");
      assertThat(install.exitCode()).as("install --start: %s", install).isZero();
      String mainPid = ns.show(unit, "MainPID");
      await().atMost(SLOW).until(() -> lines(logs, name).size() >= 3000);
      Live start = live(name);
      assertThat(start.generation()).isEqualTo(1);

      // Smaller files, compressed, stamped: applied by systemctl reload while the child writes.
      Files.writeString(
          config, writer(name, stop, logs, "max-size: 16KiB, gzip: true, timestamps: true"));
      ns.exec(SLOW, "systemctl", "reload", unit).requireSuccess();
      assertThat(live(name)).isEqualTo(new Live(start.childPid(), 2));
      await().atMost(SLOW).until(() -> names(logs).filter(n -> n.endsWith(".gz")).count() >= 3);
      Files.writeString(stop, "");
      await().atMost(SLOW).until(() -> Files.readString(current).endsWith(" end\n"));
      await()
          .atMost(SLOW)
          .until(() -> names(logs).noneMatch(n -> n.contains(".rotating-") || n.endsWith(".tmp")));

      assertThat(live(name).childPid()).as("the same child").isEqualTo(start.childPid());
      assertThat(ns.show(unit, "MainPID")).as("the same supervisor").isEqualTo(mainPid);
      assertThat(ns.show(unit, "NRestarts")).isEqualTo("0");
      List<String> all = lines(logs, name);
      assertThat(all.getLast()).matches(STAMP.pattern() + "end$");
      List<String> numbered =
          all.stream()
              .map(l -> STAMP.matcher(l).replaceFirst(""))
              .filter(l -> !l.equals("end"))
              .toList();
      for (int i = 0; i < numbered.size(); i++) {
        assertThat(numbered.get(i))
            .as("line %d of %d: each once, in order", i, numbered.size())
            .isEqualTo("line " + i);
      }
      assertThat(ns.exec("journalctl", "--no-pager", "-u", unit).stdout())
          .contains("configuration generation 2")
          .contains("live [logs.max-size, logs.gzip, logs.timestamps]");

      ExecResult uninstall = svc4j.run("uninstall", name);
      assertThat(uninstall.exitCode()).as("uninstall: %s", uninstall).isZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    }
  }

  private static java.util.stream.Stream<String> names(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return java.util.stream.Stream.empty();
    }
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList().stream();
    }
  }

  /**
   * The lines of NAME.out.log, oldest first: the rotated files before the reload (.N), those after
   * it (.N.gz), each highest N first, then the current file.
   */
  private static List<String> lines(Path dir, String name) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    String base = name + ".out.log";
    for (String suffix : List.of("", ".gz")) {
      for (int n = 100; n >= 1; n--) {
        Path p = dir.resolve(base + "." + n + suffix);
        if (!Files.exists(p)) {
          continue;
        }
        if (suffix.isEmpty()) {
          lines.addAll(Files.readAllLines(p));
        } else {
          try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
            lines.addAll(
                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .toList());
          }
        }
      }
    }
    Path current = dir.resolve(base);
    if (Files.exists(current)) {
      lines.addAll(Files.readAllLines(current));
    }
    return lines;
  }
}
