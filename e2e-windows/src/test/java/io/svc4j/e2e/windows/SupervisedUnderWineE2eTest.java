package io.svc4j.e2e.windows;

import static io.svc4j.e2e.windows.WineSession.fields;
import static io.svc4j.e2e.windows.WineSession.windowsPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java program installed as a supervised Windows service through the CLI (dist/svc4j.jar in
 * Wine's Windows JVM, Wine's real SCM): the service is RUNNING only once the child reported READY
 * through the supervisor's notify pipe; `svc4j stop` reaches the child as CTRL_C, so its shutdown
 * hook runs; and when the supervisor process is terminated (TerminateProcess), the kill-on-close
 * job object takes the child with it.
 */
class SupervisedUnderWineE2eTest {

  private static final String NAME = "svc4j-e2e-supervised";
  private static WineSession wine;
  private static Path dist;

  @BeforeAll
  static void startWine() throws Exception {
    dist = Path.of(System.getProperty("svc4j.dist.dir"));
    assertThat(dist.resolve("svc4j.jar")).as("build the CLI first (mvn install)").exists();
    wine = WineSession.start();
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      svc4j("uninstall", NAME);
      wine.close();
    }
  }

  private static WineSession.Run svc4j(String... args) throws Exception {
    return wine.javaJar(dist.resolve("svc4j.jar"), args);
  }

  private static boolean alive(long pid) throws Exception {
    return Boolean.parseBoolean(wine.call("alive", Long.toString(pid)));
  }

  /** The pid and parent pid a child recorded, other than {@code except}; 0 0 if none yet. */
  private static long[] child(Path out, Set<Long> except) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("child-")).toList()) {
        String[] pids = Files.readString(f).strip().split(" ");
        long pid = Long.parseLong(pids[0]);
        if (!except.contains(pid)) {
          return new long[] {pid, Long.parseLong(pids[1])};
        }
      }
    }
    return new long[] {0, 0};
  }

  private static Path freshDirectory(String name) throws Exception {
    Path out = wine.dir.resolve("runs").resolve(name);
    if (Files.exists(out)) {
      try (Stream<Path> old = Files.walk(out)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(out);
  }

  /**
   * The supervisor's YAML for a Java program {@code main} (its only argument: {@code out}): notify
   * readiness, no restarts, and {@code stop}.
   */
  private static Path writeConfig(
      Path out, String name, Class<?> main, String classPath, String stop) throws Exception {
    List<String> command =
        List.of(
            windowsPath(wine.java),
            "-XX:-PrintWarnings",
            "-cp",
            classPath,
            main.getName(),
            windowsPath(out));
    return Files.writeString(
        out.resolve(name + ".yaml"),
        """
        name: %s
        command: [%s]
        readiness: {mode: notify, start-timeout: 240s}
        restart: {mode: no}
        stop: %s
        """
            .formatted(
                name, String.join(", ", command.stream().map(a -> "'" + a + "'").toList()), stop));
  }

  @Test
  void javaChildGetsCtrlCOnStopAndDiesWithItsTerminatedSupervisor() throws Exception {
    Path out = freshDirectory("supervised");
    Path logs = out.resolve("logs");
    // notify readiness: only the child's READY=1 through the pipe makes the service RUNNING.
    Path config =
        writeConfig(
            out, NAME, SupervisedJavaChild.class, windowsPath(wine.classes), "{windows: ctrl-c}");
    svc4j("uninstall", NAME); // leftovers of an aborted run; fails harmlessly otherwise

    WineSession.Run install =
        svc4j(
            "install",
            "--name",
            NAME,
            "--log-dir",
            windowsPath(logs),
            "--stop-timeout",
            "90s",
            "--config",
            windowsPath(config));
    assertThat(install.exitCode()).as(install.output()).isZero();
    assertThat(fields(wine.call("readback", NAME)).get("binpath"))
        .as("the service runs the supervisor, which runs the program of the config file")
        .contains("svc4j.jar")
        .contains(" run --name " + NAME)
        .contains("--config " + windowsPath(config));

    WineSession.Run start = svc4j("start", NAME, "--timeout", "240s");
    assertThat(start.exitCode()).as(start.output()).isZero();
    long[] first = child(out, Set.of());
    assertThat(first[0])
        .as("the child recorded itself before the service was RUNNING")
        .isPositive();
    assertThat(alive(first[0])).isTrue();
    WineSession.Run status = svc4j("status", NAME);
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("RUNNING");
    // Windows has no signal to pass a reload on with: without reload: {restart: true} the
    // supervisor does not accept PARAMCHANGE, and svc4j reload says so in one line.
    WineSession.Run reload = svc4j("reload", NAME);
    assertThat(reload.exitCode()).as(reload.output()).isEqualTo(1);
    assertThat(reload.output()).contains("service '" + NAME + "' does not support reload");
    assertThat(alive(first[0])).as("the child is untouched").isTrue();

    WineSession.Run stop = svc4j("stop", NAME, "--timeout", "180s");
    assertThat(stop.exitCode()).as(stop.output()).isZero();
    assertThat(out.resolve("hook-" + first[0]))
        .as("CTRL_C reached the JVM child: its shutdown hook ran")
        .exists()
        .hasContent("shutdown hook ran");
    assertThat(alive(first[0])).as("the child is gone after the stop").isFalse();
    assertThat(logs.resolve(NAME + ".out.log"))
        .as("the child's stdout was captured")
        .content()
        .contains("child " + first[0] + " ready");
    assertThat(logs.resolve(NAME + ".svc4j.log"))
        .as("the supervisor's own log: under the SCM there is no console to read")
        .content()
        .contains("started pid " + first[0])
        .contains("stop requested");

    WineSession.Run again = svc4j("start", NAME, "--timeout", "240s");
    assertThat(again.exitCode()).as(again.output()).isZero();
    long[] second = child(out, Set.of(first[0]));
    assertThat(second[0]).as("a new child after the second start").isPositive();
    long supervisor = second[1];
    assertThat(alive(supervisor)).as("the child's parent, the supervisor, runs").isTrue();
    assertThat(alive(second[0])).isTrue();

    assertThat(wine.call("terminate", Long.toString(supervisor))).isEqualTo("true");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !alive(supervisor));
    await("the job object ends the child with its terminated supervisor")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !alive(second[0]));
    assertThat(out.resolve("hook-" + second[0]))
        .as("terminated with the job, not stopped: no shutdown hook")
        .doesNotExist();
  }

  @Test
  void reloadWithRestartReplacesTheChildThroughParamChange() throws Exception {
    String name = "svc4j-e2e-reload";
    Path out = freshDirectory("reload-restart");
    Path config =
        writeConfig(
            out, name, SupervisedJavaChild.class, windowsPath(wine.classes), "{windows: ctrl-c}");
    // The only reload the supervisor can give a child on Windows: a restart.
    Files.writeString(
        config, Files.readString(config) + "reload: {restart: true, timeout: 240s}\n");
    svc4j("uninstall", name);
    try {
      WineSession.Run install =
          svc4j(
              "install",
              "--name",
              name,
              "--log-dir",
              windowsPath(out.resolve("logs")),
              "--config",
              windowsPath(config));
      assertThat(install.exitCode()).as(install.output()).isZero();
      WineSession.Run start = svc4j("start", name, "--timeout", "240s");
      assertThat(start.exitCode()).as(start.output()).isZero();
      long first = child(out, Set.of())[0];
      assertThat(first).as("the first child recorded itself").isPositive();

      WineSession.Run reload = svc4j("reload", name);
      assertThat(reload.exitCode()).as(reload.output()).isZero();
      assertThat(reload.output()).contains("Reloaded " + name);

      await("a new child after the reload")
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> child(out, Set.of(first))[0] > 0);
      await("the first child is gone")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !alive(first));
      assertThat(out.resolve("hook-" + first))
          .as("the reload stopped the old child gracefully (CTRL_C, shutdown hook)")
          .exists();
      WineSession.Run status = svc4j("status", name);
      assertThat(status.exitCode()).as(status.output()).isZero();
      assertThat(status.output()).contains("RUNNING");
    } finally {
      svc4j("uninstall", name);
    }
  }

  @Test
  void windowedChildIsAskedToCloseWithWmClose() throws Exception {
    String name = "svc4j-e2e-windowed";
    Path out = freshDirectory("windowed");
    // close: WM_CLOSE only, no console event; a long timeout so that a kill would show.
    Path config =
        writeConfig(
            out,
            name,
            WindowedJavaChild.class,
            windowsPath(wine.classes) + ";" + windowsPath(wine.dir.resolve("lib")) + "\\*",
            "{windows: close, timeout: 120s}");
    svc4j("uninstall", name);
    try {
      WineSession.Run install =
          svc4j(
              "install",
              "--name",
              name,
              "--log-dir",
              windowsPath(out.resolve("logs")),
              "--config",
              windowsPath(config));
      assertThat(install.exitCode()).as(install.output()).isZero();
      WineSession.Run start = svc4j("start", name, "--timeout", "240s");
      assertThat(start.exitCode()).as(start.output()).isZero();
      long pid;
      try (Stream<Path> files = Files.list(out)) {
        pid =
            Long.parseLong(
                files
                    .filter(p -> p.getFileName().toString().startsWith("windowed-"))
                    .findFirst()
                    .orElseThrow()
                    .getFileName()
                    .toString()
                    .substring("windowed-".length()));
      }
      long before = System.nanoTime();
      WineSession.Run stop = svc4j("stop", name, "--timeout", "200s");
      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(out.resolve("wm-close-" + pid))
          .as("the window got WM_CLOSE and the program ended by itself")
          .hasContent("WM_CLOSE");
      assertThat(alive(pid)).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - before))
          .as("ended on WM_CLOSE, not by TerminateProcess after the 120 s stop timeout")
          .isLessThan(Duration.ofSeconds(110));
    } finally {
      svc4j("uninstall", name);
    }
  }

  /**
   * svc4j's own output: without the JVM's JAVA_TOOL_OPTIONS notice and Wine's own diagnostics
   * ("wine: Read access denied for device Z:\\ ..." appears on this machine since 2026-12-01 for a
   * volume query of the Z: drive; its trigger is not known yet, see the session note).
   */
  private static List<String> lines(WineSession.Run run) {
    return run.output()
        .lines()
        .filter(
            l ->
                !l.isBlank()
                    && !l.startsWith("Picked up JAVA_TOOL_OPTIONS")
                    && !l.startsWith("wine: "))
        .toList();
  }

  @Test
  void settingsWindowsCannotHonourAreOneLineAndInstallNothing() throws Exception {
    String name = "svc4j-e2e-supervised-bad";
    Path out = wine.dir.resolve("runs").resolve("supervised-bad");
    Files.createDirectories(out);
    Path config = out.resolve("run-as.yaml");
    Files.writeString(
        config,
        """
        name: %s
        command: ['%s', '-version']
        run-as: nobody
        """
            .formatted(name, windowsPath(wine.java)));

    WineSession.Run runAs = svc4j("install", "--name", name, "--config", windowsPath(config));
    assertThat(runAs.exitCode()).as(runAs.toString()).isEqualTo(2);
    assertThat(lines(runAs))
        .as(runAs.toString())
        .singleElement()
        .asString()
        .contains("run-as")
        .contains("not supported on Windows")
        .contains("--account");
    assertThat(svc4j("status", name).exitCode()).as("nothing installed").isEqualTo(4);

    // The SCM cannot hold a socket for a service, and the supervisor cannot pass one (no
    // LISTEN_FDS on Windows): both forms of socket handoff are one line (docs/sockets.md).
    Path sockets = out.resolve("sockets.yaml");
    Files.writeString(
        sockets,
        """
        name: %s
        command: ['%s', '-version']
        sockets: [{name: http, address: '127.0.0.1:8080'}]
        """
            .formatted(name, windowsPath(wine.java)));
    WineSession.Run held = svc4j("install", "--name", name, "--config", windowsPath(sockets));
    assertThat(held.exitCode()).as(held.toString()).isEqualTo(2);
    assertThat(lines(held))
        .as(held.toString())
        .singleElement()
        .asString()
        .contains("sockets")
        .contains("is not supported on Windows (docs/sockets.md, Windows)");
    WineSession.Run run = svc4j("run", "--config", windowsPath(sockets));
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(lines(run))
        .as(run.toString())
        .singleElement()
        .asString()
        .contains("sockets")
        .contains("is not supported on Windows (docs/sockets.md, Windows)");
    WineSession.Run unit =
        svc4j(
            "install",
            "--name",
            name,
            "--direct",
            "--socket",
            "127.0.0.1:8080",
            "--",
            windowsPath(wine.java),
            "-version");
    assertThat(unit.exitCode()).as(unit.toString()).isEqualTo(2);
    assertThat(lines(unit))
        .as(unit.toString())
        .singleElement()
        .asString()
        .isEqualTo(
            "svc4j: error: --socket works with systemd only: the Windows SCM cannot hold a socket"
                + " for a service (see docs/sockets.md)");
    assertThat(svc4j("status", name).exitCode()).as("nothing installed").isEqualTo(4);

    WineSession.Run missing =
        svc4j("install", "--name", name, "--", windowsPath(out.resolve("no-such-program.exe")));
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
    assertThat(lines(missing))
        .as(missing.toString())
        .singleElement()
        .asString()
        .contains("no-such-program.exe")
        .contains("does not exist");
    assertThat(svc4j("status", name).exitCode()).as("nothing installed").isEqualTo(4);
  }

  /** The probe's {@code key\tvalue} lines. */
  private static java.util.Map<String, String> probe(String... args) throws Exception {
    WineSession.Run run = wine.javaMain(WindowsSecurityProbe.class.getName(), args);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String line : lines(run)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        out.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return out;
  }

  @Test
  void notifyPipeHasItsOwnDaclAndWorksAgainAfterAClientHeldEveryInstance() throws Exception {
    var found = probe("pipe");
    assertThat(found.get("pipe.sddl"))
        .as("read back from the pipe: protected, SYSTEM and the supervisor's own account only")
        .matches("D:P\\(A;;GA;;;SY\\)\\(A;;GA;;;S-1-5-21-[0-9-]+\\)");
    assertThat(found.get("pipe.before")).isEqualTo("before");
    assertThat(found.get("pipe.oversized"))
        .as("a message over 4096 bytes is dropped whole (its READY=1 too); the next one arrives")
        .isEqualTo("ready=false status=small");
    assertThat(found.get("pipe.held"))
        .as("a client takes every instance; the next one waits")
        .startsWith("32 ");
    assertThat(found.get("pipe.during"))
        .as("no instance left while it holds them")
        .isEqualTo("false");
    assertThat(found.get("pipe.after.sent")).isEqualTo("true");
    assertThat(found.get("pipe.after"))
        .as("notify works again once the instances are given back")
        .isEqualTo("ready=true status=after");
  }

  @Test
  void directoriesOthersMayWriteToAreRefused() throws Exception {
    Path base = freshDirectory("dacl");
    Path open = Files.createDirectories(base.resolve("world-writable"));
    Files.setPosixFilePermissions(
        open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.createDirectories(base.resolve("private"));
    // %ProgramData%\svc4j made writable by everyone (Wine shows mode 0777 as Everyone: full).
    Path root = wine.dir.resolve("prefix/drive_c/ProgramData/svc4j");
    Files.createDirectories(root);
    var before = Files.getPosixFilePermissions(root);
    Files.setPosixFilePermissions(
        root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    java.util.Map<String, String> found;
    try {
      found = probe("dirs", windowsPath(base));
    } finally {
      Files.setPosixFilePermissions(root, before);
    }
    assertThat(found.get("open"))
        .startsWith(
            "refused\tthe log directory "
                + windowsPath(open)
                + " is not safe: Everyone (S-1-1-0) may create, change or delete files in it")
        .contains(
            "icacls \""
                + windowsPath(open)
                + "\" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F")
        .contains("/remove:g *S-1-1-0");
    assertThat(found.get("private")).as("writable by its owner only").isEqualTo("ok");
    assertThat(found.get("fresh")).isEqualTo("ok");
    assertThat(found.get("fresh.again"))
        .as("what svc4j created passes its own check")
        .isEqualTo("ok");
    assertThat(found.get("state"))
        .startsWith("refused\tthe state directory C:\\ProgramData\\svc4j is not safe: Everyone");
    assertThat(found.get("runtime"))
        .startsWith("refused\tthe runtime directory C:\\ProgramData\\svc4j is not safe: Everyone");
    // What Wine 8 cannot show (docs/windows.md): it keeps no DACL set through CreateDirectory or
    // SetNamedSecurityInfo, and returns one made from the Unix mode bits instead.
    assertThat(found.get("fresh.sddl")).doesNotContain("BA").doesNotStartWith("D:P");
    assertThat(found.get("weak.set")).as("SetNamedSecurityInfo succeeds").isEqualTo("0");
    assertThat(found.get("weak.sddl")).as("but Users' entry is not kept").doesNotContain("BU");

    // Through the CLI: a world-writable --log-dir is refused before anything is installed.
    String name = "svc4j-e2e-supervised-dacl";
    WineSession.Run install =
        svc4j(
            "install",
            "--name",
            name,
            "--log-dir",
            windowsPath(open),
            "--",
            windowsPath(wine.java),
            "-version");
    assertThat(install.exitCode()).as(install.toString()).isEqualTo(2);
    assertThat(lines(install))
        .as(install.toString())
        .singleElement()
        .asString()
        .contains("logs.directory")
        .contains("is not safe: Everyone (S-1-1-0)");
    assertThat(svc4j("status", name).exitCode()).as("nothing installed").isEqualTo(4);
  }
}
