package io.svc4j.e2e.windows;

import static io.svc4j.e2e.windows.WineSession.fields;
import static io.svc4j.e2e.windows.WineSession.windowsPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An embedded svc4j service, installed by {@code ScmManager} running in Wine's Windows JVM, started
 * and controlled by Wine's real Service Control Manager.
 */
class ScmUnderWineE2eTest {

  private static WineSession wine;
  private static Path runs;

  @BeforeAll
  static void startWine() throws Exception {
    wine = WineSession.start();
    runs = wine.dir.resolve("runs");
    Files.createDirectories(runs);
    // Leftovers of an aborted earlier run in the same prefix would make install fail.
    for (String name : wine.call("list").split(",")) {
      if (!name.isBlank()) {
        wine.call("uninstall", name, "60");
      }
    }
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      wine.close();
    }
  }

  /** dist/svc4j.jar, which the CLI steps run in Wine's JVM. */
  private static Path cliJar() {
    Path jar = Path.of(System.getProperty("svc4j.dist.dir")).resolve("svc4j.jar");
    assertThat(jar).as("build the CLI first (mvn install)").exists();
    return jar;
  }

  /** A fresh directory for one service, with a space in it so its path is quoted in the binPath. */
  private static Path serviceDir(String name) throws Exception {
    Path dir = runs.resolve(name + " dir");
    if (Files.exists(dir)) {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  private static List<String> events(Path dir) throws Exception {
    Path file = dir.resolve("events.log");
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
  }

  private static String[] install(
      String verb, String name, Path dir, String mode, long startMs, String... args) {
    List<String> words =
        new ArrayList<>(
            List.of(
                verb, name, windowsPath(dir), mode, Long.toString(startMs), name + " (svc4j e2e)"));
    words.addAll(List.of(args));
    return words.toArray(String[]::new);
  }

  @Test
  void serviceRunsPausesStopsAndIsRemoved() throws Exception {
    String name = "svc4j-e2e-life";
    Path dir = serviceDir(name);
    List<String> args = List.of("with space", "quote\"inside", "trailing\\", "*.txt", "", "100%");

    String plan = wine.call(install("plan", name, dir, "ok", 0, args.toArray(String[]::new)));
    assertThat(plan)
        .contains("SCM service " + name)
        .contains("BinaryPathName     = \"" + windowsPath(wine.java) + "\" -Xrs ")
        .contains("StartType          = MANUAL")
        .contains("ServiceStartName   = NT AUTHORITY\\LocalService")
        .contains("EventMessageFile (REG_EXPAND_SZ) = %SystemRoot%\\System32\\EventCreate.exe");
    assertThat(wine.call("status", name)).startsWith("state=NOT_INSTALLED");

    wine.call(install("install", name, dir, "ok", 0, args.toArray(String[]::new)));
    // the agent prints the platform's plain description; the CLI's line with the flag that fixes
    // it ("... or add --force to update its configuration") is RefusalLinesTest's (cli)
    assertThatThrownBy(() -> wine.call(install("install", name, dir, "ok", 0)))
        .hasMessage("service '" + name + "' already exists");

    Map<String, String> config = fields(wine.call("readback", name));
    System.out.println("SCM readback of " + name + ": " + config);
    assertThat(config.get("preshutdown")).isEqualTo("20000");
    // Wine stores the failure actions silently but cannot report them, nor the other settings.
    assertThat(config)
        .containsEntry("recovery", "<unsupported>")
        .containsEntry("delayed", "<unsupported>")
        .containsEntry("sid", "<unsupported>");
    assertThat(config.get("unsupported"))
        .isEqualTo(
            "delayed auto-start (Windows error 124); failure actions flag (Windows error 124);"
                + " failure actions (Windows error 124); service SID type (Windows error 124)");
    WineFindings.report(
        wine.dir,
        "ChangeServiceConfig2(failure actions) succeeds but QueryServiceConfig2 cannot read"
            + " failure actions, their non-crash flag, delayed start or SID type back (error 124);"
            + " setting the non-crash flag fails with 124 and svc4j logs a warning");
    assertThat(config.get("binpath")).startsWith("\"" + windowsPath(wine.java) + "\" -Xrs ");
    assertThat(plan).contains("BinaryPathName     = " + config.get("binpath") + " |");
    assertThat(config.get("display")).isEqualTo(name + " (svc4j e2e)");
    assertThat(config.get("starttype")).isEqualTo("3");
    assertThat(config.get("description")).isEqualTo("svc4j end-to-end test service " + name);
    assertThat(fields(wine.call("eventsource", name)))
        .containsEntry("exists", "true")
        .containsEntry("file", "%SystemRoot%\\System32\\EventCreate.exe");
    assertThat(wine.call("list").split(",")).contains(name);

    Map<String, String> running = fields(wine.call("start", name, "120"));
    assertThat(running).containsEntry("state", "RUNNING");
    assertThat(running.get("pid")).isNotEmpty();
    assertThat(Files.readAllLines(dir.resolve("args.txt"), StandardCharsets.UTF_8))
        .as("arguments as the service received them through the SCM and java.exe")
        .containsExactlyElementsOf(args);
    assertThat(events(dir)).contains("start", "running");
    assertThat(events(dir).get(0))
        .as("the EventLogAppender found its source")
        .endsWith("eventlog=true");

    // STOP | PAUSE_CONTINUE | PARAMCHANGE | PRESHUTDOWN (installed with a preshutdown timeout,
    // so the runtime opted in and no longer takes SHUTDOWN) | POWEREVENT | SESSIONCHANGE (the
    // service implements SystemEvents): 0x1 | 0x2 | 0x8 | 0x100 | 0x40 | 0x80.
    assertThat(fields(wine.call("raw", name))).containsEntry("controls", "459");
    assertThat(fields(wine.call("pause", name, "60"))).containsEntry("state", "PAUSED");
    assertThat(events(dir)).contains("pause");
    assertThat(fields(wine.call("resume", name, "60"))).containsEntry("state", "RUNNING");
    assertThat(events(dir)).contains("resume");
    assertThat(fields(wine.call("reload", name))).containsEntry("state", "RUNNING");
    await().atMost(Duration.ofSeconds(30)).until(() -> events(dir).contains("reload"));
    // The same through the CLI, as an operator would: svc4j reload NAME sends PARAMCHANGE.
    WineSession.Run reload = wine.javaJar(cliJar(), "reload", name);
    assertThat(reload.exitCode()).as(reload.output()).isZero();
    assertThat(reload.output()).contains("Reloaded " + name + ": running");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> events(dir).stream().filter("reload"::equals).count() == 2);
    assertThat(fields(wine.call("status", name))).containsEntry("state", "RUNNING");

    Map<String, String> stopped = fields(wine.call("stop", name, "120"));
    assertThat(stopped).containsEntry("state", "STOPPED").containsEntry("exit", "0");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(events(dir)).contains("stop", "exit 0"));

    assertThat(wine.call("eventlog-count", name))
        .as("ReportEvent succeeds under Wine, but nothing can be read back from the log")
        .isEqualTo("0");
    WineFindings.report(
        wine.dir,
        "ReportEvent succeeds but Wine keeps no Application log: entries cannot be read back");

    wine.call("uninstall", name, "60");
    assertThat(wine.call("status", name)).startsWith("state=NOT_INSTALLED");
    assertThat(fields(wine.call("eventsource", name))).containsEntry("exists", "false");
    assertThat(wine.call("list").split(",")).doesNotContain(name);
  }

  @Test
  void failingStartEndsStoppedWithItsServiceSpecificExitCode() throws Exception {
    String name = "svc4j-e2e-fail";
    Path dir = serviceDir(name);
    wine.call(install("install", name, dir, "fail", 500));

    assertThatThrownBy(() -> wine.call("start", name, "120"))
        .hasMessageContaining("stopped while starting")
        .hasMessageContaining("service-specific error 1");
    Map<String, String> status = fields(wine.call("status", name));
    assertThat(status).containsEntry("state", "FAILED").containsEntry("exit", "1");
    Map<String, String> raw = fields(wine.call("raw", name));
    assertThat(raw).containsEntry("win32", "1066").containsEntry("specific", "1");
    assertThat(events(dir)).contains("start-failing", "exit 1");

    wine.call("uninstall", name, "60");
  }

  @Test
  void startSlowerThanTheWaitHintReachesRunningThanksToHeartbeats() throws Exception {
    String name = "svc4j-e2e-slow";
    Path dir = serviceDir(name);
    long startMillis = 16_000; // the default WaitHint is 10 s
    wine.call(install("install", name, dir, "ok", startMillis));

    wine.call("start", name, "0");
    List<Integer> checkPoints = new ArrayList<>();
    long began = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Map<String, String> raw = fields(wine.call("raw", name));
              if (raw.get("state").equals("2")) {
                assertThat(raw.get("waithint")).isEqualTo("10000");
                checkPoints.add(Integer.parseInt(raw.get("checkpoint")));
              }
              return !raw.get("state").equals("2");
            });
    Duration pending = Duration.ofNanos(System.nanoTime() - began);
    assertThat(fields(wine.call("status", name))).containsEntry("state", "RUNNING");
    assertThat(pending).isGreaterThan(Duration.ofSeconds(10));
    assertThat(checkPoints).isSorted();
    assertThat(checkPoints.getLast())
        .as("CheckPoint kept rising: %s", checkPoints)
        .isGreaterThan(10);

    wine.call("uninstall", name, "120");
    assertThat(events(dir)).contains("running", "stop", "exit 0");
  }

  @Test
  void settingsWineLacksFailTheInstallCleanly() throws Exception {
    String name = "svc4j-e2e-unsupported";
    Path dir = serviceDir(name);
    for (String[] variant :
        List.of(
            new String[] {"install-sid-unrestricted", "service SID type"},
            new String[] {"install-delayed", "delayed auto-start"})) {
      assertThatThrownBy(() -> wine.call(install(variant[0], name, dir, "ok", 0)))
          .hasMessage(
              "cannot configure service '"
                  + name
                  + "': this SCM does not support ChangeServiceConfig2("
                  + variant[1]
                  + ") (Windows error 124); leave that setting at its default");
      assertThat(wine.call("status", name)).startsWith("state=NOT_INSTALLED");
      assertThat(fields(wine.call("eventsource", name))).containsEntry("exists", "false");
      WineFindings.report(
          wine.dir,
          "ChangeServiceConfig2("
              + variant[1]
              + ") fails with ERROR_INVALID_LEVEL; svc4j refuses the install and rolls it back");
    }
  }

  /**
   * On Windows, a service process that dies without reporting STOPPED counts as a crash and its
   * first recovery action (restart after 1 s) runs. Wine's SCM does neither: asserted here, so the
   * test fails (and is updated) the day Wine learns it.
   */
  @Test
  void crashedProcessAndRecoveryActionsAsWineHandlesThem() throws Exception {
    String name = "svc4j-e2e-crash";
    Path dir = serviceDir(name);
    wine.call(install("install", name, dir, "crash", 0));
    Map<String, String> running = fields(wine.call("start", name, "120"));
    assertThat(running).containsEntry("state", "RUNNING");
    await().atMost(Duration.ofSeconds(60)).until(() -> events(dir).contains("crashing"));
    Thread.sleep(6000); // the first recovery action would restart it after 1 s

    assertThat(events(dir).stream().filter(e -> e.startsWith("main pid=")))
        .as("no second start: Wine ran no recovery action")
        .hasSize(1);
    assertThat(fields(wine.call("raw", name)))
        .as("Wine still reports the dead process as running")
        .containsEntry("state", "4")
        .containsEntry("pid", running.get("pid"));
    WineFindings.report(
        wine.dir,
        "a service process that dies stays RUNNING in Wine's SCM (no crash detection), so"
            + " recovery actions never run");
    assertThatThrownBy(() -> wine.call("stop", name, "30"))
        .hasMessageContaining("no longer answers the SCM");
    System.out.println("after failed stop: " + wine.call("raw", name));

    wine.call("uninstall", name, "60");
    assertThat(wine.call("status", name)).startsWith("state=NOT_INSTALLED");
  }

  @Test
  void outsideTheScmTheSameProgramRunsAsAConsoleProgram() throws Exception {
    Path dir = serviceDir("svc4j-e2e-console");
    Process console =
        wine.java(
                TestService.class.getName(), "svc4j-e2e-console", windowsPath(dir), "selfstop", "0")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("console.out").toFile())
            .start();
    assertThat(console.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // StartServiceCtrlDispatcher failed with 1063, so the console platform ran the service.
    assertThat(console.exitValue()).isZero();
    assertThat(events(dir)).contains("start", "running", "stop", "exit 0");
  }

  @Test
  void aStopDuringASlowStartCancelsIt() throws Exception {
    String name = "svc4j-e2e-cancel";
    Path dir = serviceDir(name);
    wine.call(install("install", name, dir, "ok", 120_000));
    wine.call("start", name, "0");
    await().atMost(Duration.ofSeconds(90)).until(() -> events(dir).contains("start"));

    Map<String, String> stopped = fields(wine.call("stop", name, "60"));

    assertThat(stopped).containsEntry("state", "STOPPED").containsEntry("exit", "0");
    assertThat(events(dir)).contains("stop", "exit 0").doesNotContain("running");
    wine.call("uninstall", name, "60");
  }

  @Test
  void whatWinesLsaDoesWithAccountRights() throws Exception {
    WineSession.Run run = wine.javaMain(LsaProbe.class.getName());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, String> found = new java.util.LinkedHashMap<>();
    for (String line : run.output().split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        found.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    // Wine 8's advapi32: LsaOpenPolicy succeeds; LsaEnumerateAccountRights answers "no rights"
    // (STATUS_OBJECT_NAME_NOT_FOUND) for every account; LsaAddAccountRights and
    // LsaRemoveAccountRights succeed and store nothing. LookupAccountName is real.
    assertThat(found)
        .as("what Wine's LSA does (a change in Wine fails here: update docs/windows.md)")
        .containsEntry("rights.before", "[]")
        .containsEntry("add", "ok")
        .containsEntry("rights.after", "[]")
        .containsEntry("remove", "ok");
    assertThat(found.get("lookup.missing")).startsWith("error 1332 ");
  }

  @Test
  void aUserAccountGetsTheLogonRightRecordedAndUninstallTakesItBack() throws Exception {
    String name = "svc4j-e2e-account";
    Path dir = serviceDir(name);
    Path password = Files.writeString(dir.resolve("password.txt"), "not-checked-by-wine\n");
    String user = ".\\" + System.getProperty("user.name");

    wine.call(install("install-account", name, dir, "ok", 0, user, windowsPath(password)));

    // Wine's LSA reports no rights, so install granted the right and recorded it.
    assertThat(wine.call("logon-right-grant", name)).isEqualTo(user);
    assertThat(fields(wine.call("readback", name))).containsEntry("account", user);
    wine.call("uninstall", name, "60");
    assertThat(wine.call("raw", name)).isEqualTo("absent");

    // An account that does not exist: one line from the real LookupAccountName, nothing installed.
    assertThatThrownBy(
            () ->
                wine.call(
                    install(
                        "install-account",
                        name,
                        dir,
                        "ok",
                        0,
                        "NOSUCHDOMAIN\\nobody",
                        windowsPath(password))))
        .hasMessageContaining("cannot read the rights of NOSUCHDOMAIN\\nobody")
        .hasMessageContaining("Windows error 1332")
        .hasMessageContaining("no such account");
    assertThat(wine.call("raw", name)).isEqualTo("absent");
  }

  @Test
  void systemEventsCannotBeSentUnderWine() throws Exception {
    // TestService implements SystemEvents, so it accepts SESSIONCHANGE and POWEREVENT. These
    // controls come from the system; a caller's ControlService with them is refused (87,
    // ERROR_INVALID_PARAMETER), by Wine as by Windows, and Wine itself never sends them.
    String name = "svc4j-e2e-events";
    Path dir = serviceDir(name);
    wine.call(install("install", name, dir, "ok", 0));
    wine.call("start", name, "120");
    int accepted = Integer.parseInt(fields(wine.call("raw", name)).get("controls"));
    assertThat(accepted & 0xC0).as("SESSIONCHANGE | POWEREVENT accepted").isEqualTo(0xC0);

    for (int control : new int[] {14, 13, 11}) { // SESSIONCHANGE, POWEREVENT, DEVICEEVENT
      assertThat(wine.call("control-raw", name, Integer.toString(control)))
          .as("ControlService(%d)", control)
          .isEqualTo("error 87");
    }
    wine.call("uninstall", name, "60");
    assertThat(events(dir)).contains("running", "stop").noneMatch(e -> e.startsWith("system "));
  }

  @Test
  void aStartThatHangsEndsStoppedWithTheTimeoutCodeSoonAfterItsStartTimeout() throws Exception {
    String name = "svc4j-e2e-hang";
    Path dir = serviceDir(name);
    long timeoutSeconds = 5;
    wine.call(
        install(
            "install-start-timeout", name, dir, "ok", 3_600_000, Long.toString(timeoutSeconds)));
    assertThat(fields(wine.call("readback", name)).get("binpath"))
        .contains("-Dsvc4j.windows.start-timeout-ms=5000");

    wine.call("start", name, "0");
    // The timeout runs from ServiceMain; "start" in events.log is written just after it began.
    await().atMost(Duration.ofSeconds(90)).until(() -> events(dir).contains("start"));
    long began = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(timeoutSeconds + 30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> fields(wine.call("raw", name)).get("state").equals("1"));
    Duration took = Duration.ofNanos(System.nanoTime() - began);

    assertThat(took).isLessThan(Duration.ofSeconds(timeoutSeconds + 5));
    assertThat(fields(wine.call("raw", name)))
        .containsEntry("win32", "1066")
        .containsEntry("specific", "5");
    assertThat(fields(wine.call("status", name))).containsEntry("state", "FAILED");
    assertThat(events(dir)).contains("stop", "exit 5").doesNotContain("running");

    // What svc4j start says when it waits for such a start.
    Files.delete(dir.resolve("events.log"));
    assertThatThrownBy(() -> wine.call("start", name, "120"))
        .hasMessageContaining("service '" + name + "' start timed out after 5 s");
    assertThat(events(dir)).contains("stop", "exit 5");
    wine.call("uninstall", name, "60");
  }

  @Test
  void forceUpdatesTheConfigurationOfAnSvc4jService() throws Exception {
    String name = "svc4j-e2e-update";
    Path dir = serviceDir(name);
    wine.call(install("install", name, dir, "ok", 0, "first"));
    String[] update = install("install-force", name, dir, "ok", 0, "second run");
    update[5] = "Updated display name";

    wine.call(update);

    Map<String, String> config = fields(wine.call("readback", name));
    assertThat(config.get("display")).isEqualTo("Updated display name");
    assertThat(config.get("binpath")).endsWith(" \"second run\"").doesNotContain("first");
    assertThat(fields(wine.call("start", name, "120"))).containsEntry("state", "RUNNING");
    assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsExactly("second run");
    wine.call("uninstall", name, "60");
  }

  /** ScmManager.update in Wine's SCM: what was not asked for reads back exactly as before. */
  @Test
  void updateChangesOnlyWhatWasAsked() throws Exception {
    String name = "svc4j-e2e-inplace";
    Path dir = serviceDir(name);
    wine.call(install("install-depends", name, dir, "ok", 0, "RpcSs"));
    Map<String, String> before = fields(wine.call("readback", name));
    assertThat(before)
        .containsEntry("starttype", "3")
        .containsEntry("display", name + " (svc4j e2e)")
        .containsEntry("description", "svc4j end-to-end test service " + name)
        .containsEntry("preshutdown", "20000");
    assertThat(wine.call("depend-on-service", name)).isEqualTo("RpcSs");
    assertThat(before)
        .as("Wine's QueryServiceConfig reports no dependencies")
        .containsEntry("dependencies", "");
    WineFindings.report(
        wine.dir,
        "QueryServiceConfig reads back no dependencies (DependOnService in the service key holds"
            + " them)");

    // Only ChangeServiceConfig2(preshutdown): the binPath keeps its one PRESHUTDOWN opt-in.
    wine.call("update-preshutdown", name, "30");

    Map<String, String> expected = new java.util.HashMap<>(before);
    expected.put("preshutdown", "30000");
    assertThat(fields(wine.call("readback", name))).isEqualTo(expected);
    assertThat(wine.call("depend-on-service", name)).isEqualTo("RpcSs");

    wine.call("update-description-start-type", name, "changed in place", "disabled");

    expected.put("description", "changed in place");
    expected.put("starttype", "4");
    assertThat(fields(wine.call("readback", name))).isEqualTo(expected);
    // svc4j passes lpDependencies = NULL ("no change", asserted in ScmManagerUpdateTest); Wine's
    // ChangeServiceConfig drops them anyway.
    assertThat(wine.call("depend-on-service", name)).isEqualTo("absent");
    WineFindings.report(
        wine.dir,
        "ChangeServiceConfig with lpDependencies = NULL (no change) removes the service's"
            + " dependencies");

    wine.call("uninstall", name, "60");
    assertThat(wine.call("status", name)).startsWith("state=NOT_INSTALLED");
  }
}
