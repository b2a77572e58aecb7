package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.testing.systemd.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code svc4j install -- svc4j watch DIR -- ACTION} under a real systemd: the watcher is active
 * once its watches are in place (READY), its status says what it watches, a file created in a new
 * subdirectory reaches the action as JSON, and {@code svc4j stop} ends it gracefully. And {@code
 * svc4j watch --config} installed the same way reloads a supervised service through systemd (SIGHUP
 * reaches its child, nothing restarts) and restarts only its child through the control channel (the
 * supervisor, systemd's main process, stays).
 */
class WatchUnderSystemdE2eTest extends BootedSystemd {

  private final String name = "watch-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);

  private String cliJar;

  @BeforeAll
  void stage() throws Exception {
    cliJar = E2eEnvironment.stage(E2eEnvironment.cliJar(), ns.dir()).toString();
  }

  @Test
  void anInstalledWatcherRunsItsActionOncePerBatchAndStopsGracefully() throws Exception {
    Path watched = Files.createDirectories(ns.dir().resolve("watched"));
    Path out = ns.dir().resolve("batches.jsonl");
    Path action = ns.dir().resolve("action.sh");
    Files.writeString(
        action, "#!/bin/sh\n{ cat; echo; echo \"env $SVC4J_WATCH_PATHS\"; } >> '" + out + "'\n");
    Files.setPosixFilePermissions(action, PosixFilePermissions.fromString("rwxr-xr-x"));
    try {
      ExecResult r =
          svc4j.run(
              "install",
              "--name",
              name,
              "--direct",
              "--type",
              "notify",
              "--start",
              "--",
              E2eEnvironment.java().toString(),
              "-jar",
              cliJar,
              "watch",
              "--name",
              name,
              watched.toString(),
              "--",
              action.toString());
      assertThat(r.exitCode()).as("install: %s", r).isZero();
      assertThat(ns.show(name + ".service", "ActiveState")).isEqualTo("active");
      assertThat(ns.show(name + ".service", "StatusText")).contains("watching 1 directories");

      ExecResult mk =
          ns.exec(
              "sh",
              "-c",
              "mkdir -p '"
                  + watched
                  + "/new/deeper' && echo a=1 > '"
                  + watched
                  + "/new/deeper/app.conf'");
      assertThat(mk.exitCode()).as("%s", mk).isZero();
      Path conf = watched.resolve("new/deeper/app.conf");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(out) && Files.readString(out).contains(conf.toString()));
      String batches = Files.readString(out);
      assertThat(batches).contains("\"kind\":\"created\"").contains("env [");

      ExecResult stop = svc4j.run("stop", name);
      assertThat(stop.exitCode()).as("stop: %s", stop).isZero();
      assertThat(ns.show(name + ".service", "Result")).isEqualTo("success");
      assertThat(svc4j.run("uninstall", name).exitCode()).isZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + name + " ---\n" + ns.diagnostics(name + ".service"), e);
    }
  }

  @Test
  void aConfiguredWatcherReloadsAndRestartsASupervisedServiceByName() throws Exception {
    String target = name + "-app";
    String watcher = name + "-cfg";
    Path marks = ns.dir().resolve("app-marks.log");
    Path reloadDir = Files.createDirectories(ns.dir().resolve("reload-conf"));
    Path restartDir = Files.createDirectories(ns.dir().resolve("restart-conf"));
    Path config = ns.dir().resolve("watch.yaml");
    Files.writeString(
        config,
        """
        watches:
          - name: soft
            paths: [reload-conf]
            debounce: 300ms
            actions: [{reload: TARGET, timeout: 30s}, log]
          - name: hard
            paths: [restart-conf]
            debounce: 300ms
            actions: [{restart: TARGET, timeout: 30s}, log]
        """
            .replace("TARGET", target));
    try {
      ExecResult app =
          svc4j.run(
              "install",
              "--name",
              target,
              "--start",
              "--",
              "/bin/sh",
              "-c",
              "trap 'echo hup >> \"$0\"' HUP; echo started >> \"$0\"; while :; do sleep 1 & wait $!;"
                  + " done",
              marks.toString());
      assertThat(app.exitCode()).as("install app: %s", app).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(marks) && Files.readString(marks).contains("started"));
      String supervisorPid = ns.show(target + ".service", "MainPID");

      ExecResult w =
          svc4j.run(
              "install",
              "--name",
              watcher,
              "--direct",
              "--type",
              "notify",
              "--start",
              "--",
              E2eEnvironment.java().toString(),
              "-jar",
              cliJar,
              "watch",
              "--name",
              watcher,
              "--config",
              config.toString());
      assertThat(w.exitCode()).as("install watcher: %s", w).isZero();
      assertThat(ns.show(watcher + ".service", "ActiveState")).isEqualTo("active");
      assertThat(ns.show(watcher + ".service", "StatusText"))
          .contains("soft: watching 1 directories")
          .contains("hard: watching 1 directories");

      Files.writeString(reloadDir.resolve("app.conf"), "level=debug\n");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(marks).lines().filter("hup"::equals).count() == 1);
      assertThat(Files.readString(marks).lines().filter("started"::equals)).hasSize(1);

      Files.writeString(restartDir.resolve("app.conf"), "port=8081\n");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(marks).lines().filter("started"::equals).count() == 2);
      assertThat(ns.show(target + ".service", "ActiveState")).isEqualTo("active");
      assertThat(ns.show(target + ".service", "MainPID"))
          .as("only the child restarted; the supervisor stayed")
          .isEqualTo(supervisorPid);

      // The watcher's own file edited: it reloads itself (RELOADING, READY) with the new watches.
      Path extraDir = Files.createDirectories(ns.dir().resolve("extra-conf"));
      Files.writeString(
          config,
          """
          watches:
            - name: extra
              paths: [extra-conf]
              debounce: 300ms
              actions: [{reload: TARGET, timeout: 30s}]
          """
              .replace("TARGET", target));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ns.show(watcher + ".service", "StatusText").startsWith("extra: watching"));
      assertThat(ns.show(watcher + ".service", "ActiveState")).isEqualTo("active");
      Files.writeString(extraDir.resolve("x.conf"), "x\n");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(marks).lines().filter("hup"::equals).count() == 2);

      // A broken edit: one located error, the running watches stay.
      Files.writeString(config, "watches:\n  - paths: [no-such-dir]\n    actions: [log]\n");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  ns.exec("journalctl", "-u", watcher + ".service", "--no-pager")
                      .stdout()
                      .contains("watches[0].paths[0]"));
      assertThat(ns.show(watcher + ".service", "ActiveState")).isEqualTo("active");
      assertThat(ns.show(watcher + ".service", "StatusText")).startsWith("extra: watching");
      Files.writeString(extraDir.resolve("y.conf"), "y\n");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(marks).lines().filter("hup"::equals).count() == 3);

      assertThat(svc4j.run("stop", watcher).exitCode()).isZero();
      assertThat(ns.show(watcher + ".service", "Result")).isEqualTo("success");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage()
              + "\n--- "
              + watcher
              + " ---\n"
              + ns.diagnostics(watcher + ".service")
              + "\n--- "
              + target
              + " ---\n"
              + ns.diagnostics(target + ".service"),
          e);
    } finally {
      svc4j.run("uninstall", watcher);
      svc4j.run("uninstall", target);
    }
  }
}
