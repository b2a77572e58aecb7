package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.e2e.cli.Http;
import io.svc4j.e2e.load.ContinuousLoad;
import io.svc4j.testing.systemd.ExecResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero-downtime restart under the real systemd: hello-http installed with {@code --direct --socket}
 * gets a {@code .socket} unit that holds the listener, so {@code svc4j restart} under 100 clients
 * of continuous load fails no request; the same restart of the same program installed without the
 * socket, in the same namespace, does fail requests (refused while no process listens).
 */
class SocketHandoffUnderSystemdE2eTest extends BootedSystemd {

  private static final int CLIENTS = 100;
  private static final int LOAD_MILLIS = 14_000;

  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
  private Http http;
  private String helloJar;

  @Override
  void requireJars() throws Exception {
    E2eEnvironment.helloHttpJar();
  }

  @BeforeAll
  void stage() throws Exception {
    http = new Http(ns);
    helloJar = E2eEnvironment.stage(E2eEnvironment.helloHttpJar(), ns.dir()).toString();
  }

  private void install(String name, int port, boolean socket) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("install", "--name", name, "--direct", "--type", "notify"));
    if (socket) {
      args.addAll(List.of("--socket", "127.0.0.1:" + port));
    }
    args.addAll(
        List.of(
            "--",
            E2eEnvironment.java().toString(),
            "-jar",
            helloJar,
            "run",
            "--name",
            name,
            "--",
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1"));
    ExecResult r = svc4j.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as("install %s: %s", name, r).isZero();
    svc4j.run("start", name, "--timeout", "90s").requireSuccess();
    assertThat(http.get(port, "/healthz").status()).as("%s serves", name).isEqualTo(200);
  }

  /** Runs the load, restarts {@code name} once it runs, returns the load's RESULT fields. */
  private Map<String, String> restartUnderLoad(String name, int port) throws Exception {
    Process load =
        ns.spawn(
            E2eEnvironment.java().toString(),
            "-cp",
            E2eEnvironment.testClasses().toString(),
            ContinuousLoad.class.getName(),
            "127.0.0.1",
            Integer.toString(port),
            Integer.toString(CLIENTS),
            Integer.toString(LOAD_MILLIS),
            "/api/hello");
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).as("load client runs").isEqualTo("RUNNING");
    long pid = Long.parseLong(ns.show(name + ".service", "MainPID"));
    ExecResult restart = svc4j.run("restart", name, "--timeout", "90s");
    assertThat(restart.exitCode()).as("svc4j restart %s: %s", name, restart).isZero();
    assertThat(Long.parseLong(ns.show(name + ".service", "MainPID")))
        .as("a new process serves %s", name)
        .isNotEqualTo(pid);
    String result = lines.readLine();
    assertThat(load.waitFor(60, TimeUnit.SECONDS)).as("load client ends").isTrue();
    assertThat(result).as("load client result").isNotNull().startsWith("RESULT ");
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : result.substring("RESULT ".length()).split(" ")) {
      String[] kv = field.split("=", 2);
      fields.put(kv[0], kv[1]);
    }
    System.out.printf("restart under load of %s (%d clients): %s%n", name, CLIENTS, result);
    return fields;
  }

  @Test
  void aRestartWithTheSocketUnitFailsNoRequestWhileWithoutItRequestsFail() throws Exception {
    String handoff = "hello-sock-" + suffix;
    String plain = "hello-plain-" + suffix;
    try {
      install(handoff, 18081, true);
      assertThat(ns.show(handoff + ".socket", "ActiveState"))
          .as("the socket unit started with the service")
          .isEqualTo("active");
      assertThat(ns.show(handoff + ".socket", "UnitFileState")).isEqualTo("enabled");

      Map<String, String> withSocket = restartUnderLoad(handoff, 18081);
      assertThat(Long.parseLong(withSocket.get("ok"))).isPositive();
      assertThat(withSocket)
          .as("failed requests across svc4j restart with the socket unit (%s)", withSocket)
          .containsEntry("refused", "0")
          .containsEntry("reset", "0")
          .containsEntry("timeout", "0")
          .containsEntry("other", "0");

      install(plain, 18082, false);
      Map<String, String> without = restartUnderLoad(plain, 18082);
      // Without it, a connect during the restart is refused, or (while the old instance's drain
      // drops new connections) its SYN is dropped and only a retransmission a second later may
      // reach the new instance: a refusal or a held connect, depending on how long the gap is.
      long failedOrHeld =
          Long.parseLong(without.get("refused"))
              + Long.parseLong(without.get("reset"))
              + Long.parseLong(without.get("timeout"))
              + Long.parseLong(without.get("other"))
              + Long.parseLong(without.get("slow_connects"));
      assertThat(failedOrHeld)
          .as(
              "the same restart without the socket unit refuses connections or holds them for a"
                  + " TCP retransmission (%s)",
              without)
          .isPositive();

      ExecResult uninstall = svc4j.run("uninstall", handoff);
      assertThat(uninstall.exitCode()).as("uninstall: %s", uninstall).isZero();
      assertThat(ns.exec("test", "-e", "/etc/systemd/system/" + handoff + ".socket").exitCode())
          .as("uninstall removed the socket unit")
          .isNotZero();
      assertThat(ns.show(handoff + ".socket", "LoadState")).isEqualTo("not-found");
      assertThat(http.get(18081, "/healthz").status())
          .as("nothing listens on the port after uninstall")
          .isZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage()
              + "\n--- "
              + handoff
              + " ---\n"
              + ns.diagnostics(handoff + ".service")
              + "\n"
              + ns.diagnostics(handoff + ".socket"),
          e);
    }
  }
}
