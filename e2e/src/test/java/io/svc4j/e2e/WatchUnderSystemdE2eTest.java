package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.e2e.cli.Svc4jCli;
import io.svc4j.testing.systemd.ExecResult;
import io.svc4j.testing.systemd.SystemdNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code svc4j install -- svc4j watch DIR -- ACTION} under a real systemd: the watcher is active
 * once its watches are in place (READY), its status says what it watches, a file created in a new
 * subdirectory reaches the action as JSON, and {@code svc4j stop} ends it gracefully.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchUnderSystemdE2eTest {

  private final String name = "watch-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);

  private SystemdNamespace ns;
  private Svc4jCli svc4j;
  private String cliJar;

  @BeforeAll
  void boot() throws Exception {
    E2eEnvironment.cliJar();
    ns = SystemdNamespace.boot();
    svc4j = new Svc4jCli(ns);
    cliJar = E2eEnvironment.stage(E2eEnvironment.cliJar(), ns.dir()).toString();
  }

  @AfterAll
  void powerOff() {
    if (ns != null) {
      ns.close();
    }
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
}
