package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.e2e.load.SlowRequestLoad;
import io.svc4j.testing.systemd.ExecResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry and a registered service, both installed as real systemd services: {@code svc4j
 * registry serve} is READY like any other service; hello-http, configured only with {@code --env
 * SVC4J_REGISTRY_*}, is UP once active, DRAINING while {@code svc4j stop} drains its requests, and
 * gone once stopped; {@code svc4j registry list} shows each step. A supervised program installed
 * with {@code --config} of a file with a {@code registry:} section (and the registry's token file)
 * does the same: UP once active with its tree's figures, DRAINING before the child is stopped, gone
 * after.
 */
class RegistryUnderSystemdE2eTest extends BootedSystemd {

  private static final int REGISTRY_PORT = 17711;
  private static final int PORT = 18081;
  private static final String URL = "http://127.0.0.1:" + REGISTRY_PORT;

  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
  private final String registry = "registry-e2e-" + suffix;
  private final String hello = "hello-reg-" + suffix;

  private String cliJar;
  private String helloJar;

  @Override
  void requireJars() throws Exception {
    E2eEnvironment.helloHttpJar();
  }

  @BeforeAll
  void stage() throws Exception {
    cliJar = E2eEnvironment.stage(E2eEnvironment.cliJar(), ns.dir()).toString();
    helloJar = E2eEnvironment.stage(E2eEnvironment.helloHttpJar(), ns.dir()).toString();
  }

  @Test
  void anInstalledServiceIsUpWhenReadyDrainingDuringStopAndGoneAfter() throws Exception {
    try {
      installAndStartTheRegistry();
      installAndStartHello();
      JsonNode up = awaitInstance(i -> i.path("status").asText().equals("UP"));
      assertThat(up.path("id").asText()).as("instance id").isEqualTo("127.0.0.1-" + PORT);
      assertThat(up.path("rssBytes").asLong()).as("RSS reported").isPositive();
      ExecResult table = svc4j.run("registry", "list", "hello", "--registry", URL);
      assertThat(table.stdout())
          .as("svc4j registry list: %s", table)
          .contains("127.0.0.1:" + PORT)
          .contains("UP");

      stopIsDrainingThenGone();
      assertThat(svc4j.run("uninstall", hello).exitCode()).isZero();
      assertThat(svc4j.run("stop", registry).exitCode())
          .as("the registry stops gracefully")
          .isZero();
      assertThat(ns.show(registry + ".service", "Result")).isEqualTo("success");
      assertThat(svc4j.run("uninstall", registry).exitCode()).isZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage()
              + "\n--- "
              + registry
              + " ---\n"
              + ns.diagnostics(registry + ".service")
              + "\n--- "
              + hello
              + " ---\n"
              + ns.diagnostics(hello + ".service"),
          e);
    }
  }

  /**
   * One {@code svc4j install --config} of a file whose {@code registry:} section names the registry
   * and its token file: no SVC4J_REGISTRY_* variable anywhere. The child, on SIGTERM, asks the
   * registry what it says about it: DRAINING went out before the child was stopped.
   */
  @Test
  void aSupervisedServiceRegistersFromItsConfigFile() throws Exception {
    String reg = "registry-cfg-" + suffix;
    String worker = "worker-reg-" + suffix;
    int registryPort = REGISTRY_PORT + 1;
    String url = "http://127.0.0.1:" + registryPort;
    Path dir = Files.createDirectories(ns.dir().resolve("supervised-registry"));
    Path token = dir.resolve("registry.token");
    Path atTerm = dir.resolve("at-term.json");
    try {
      installAndStartARegistry(reg, registryPort, "--token-file", token.toString());
      assertThat(Files.exists(token)).as("the registry created its token file").isTrue();
      Path script = dir.resolve("child.sh");
      Files.writeString(
          script,
          """
          trap 'curl -s -H "Authorization: Bearer $(cat %s)" %s/v1/services/worker > %s.tmp;
                mv %s.tmp %s; kill $SLEEP; exit 0' TERM
          sleep 600 & SLEEP=$!
          wait $SLEEP
          """
              .formatted(token, url, atTerm, atTerm, atTerm));
      Path config = dir.resolve("worker.yaml");
      Files.writeString(
          config,
          """
          name: %s
          command: [/bin/sh, %s]
          registry:
            url: %s
            token-file: registry.token
            service: worker
            address: 127.0.0.1
            port: 9998
            metadata: {from: config}
            ttl: 5s
            heartbeat: 1s
          """
              .formatted(worker, script, url));
      ExecResult install =
          svc4j.run(
              "install",
              "--name",
              worker,
              "--config",
              config.toString(),
              "--log-dir",
              dir.resolve("logs").toString(),
              "--stop-timeout",
              "20s",
              "--start",
              "--",
              "/bin/sh",
              script.toString());
      assertThat(install.exitCode()).as("install --config: %s", install).isZero();
      assertThat(ns.show(worker + ".service", "ActiveState")).isEqualTo("active");
      assertThat(ns.show(worker + ".service", "Environment"))
          .as("no registry variable: the file alone configures it")
          .doesNotContain("SVC4J_REGISTRY");

      JsonNode up =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> {
                    JsonNode list = workerInstances(url, token);
                    return list.size() == 1 ? list.get(0) : null;
                  },
                  n ->
                      n != null
                          && n.path("status").asText().equals("UP")
                          && n.path("rssBytes").asLong() > 0
                          && n.has("cpu")
                          && !n.path("cpu").isNull());
      assertThat(up.path("id").asText()).isEqualTo("127.0.0.1-9998");
      assertThat(up.path("metadata").path("from").asText()).isEqualTo("config");
      assertThat(up.path("rssBytes").asLong())
          .as("the child tree's memory (sh and sleep), not the supervisor JVM's")
          .isLessThan(30L * 1024 * 1024);
      ExecResult table =
          svc4j.run(
              "registry", "list", "worker", "--registry", url, "--token-file", token.toString());
      assertThat(table.stdout()).as("svc4j registry list: %s", table).contains("UP");

      ExecResult stop = svc4j.run("stop", worker, "--timeout", "60s");
      assertThat(stop.exitCode()).as("svc4j stop: %s", stop).isZero();
      assertThat(Files.readString(atTerm))
          .as("what the registry said when the child got SIGTERM")
          .contains("\"status\":\"DRAINING\"");
      assertThat(workerInstances(url, token))
          .as("gone once stopped (deregistered, not left to expire)")
          .isEmpty();
      assertThat(svc4j.run("uninstall", worker).exitCode()).isZero();
      assertThat(svc4j.run("uninstall", reg).exitCode()).isZero();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage()
              + "\n--- "
              + reg
              + " ---\n"
              + ns.diagnostics(reg + ".service")
              + "\n--- "
              + worker
              + " ---\n"
              + ns.diagnostics(worker + ".service"),
          e);
    }
  }

  private JsonNode workerInstances(String url, Path token) throws Exception {
    ExecResult r =
        ns.exec(
            "curl",
            "-sf",
            "-H",
            "Authorization: Bearer " + Files.readString(token).strip(),
            url + "/v1/services/worker");
    assertThat(r.exitCode()).as("GET /v1/services/worker: %s", r).isZero();
    return new ObjectMapper().readTree(r.stdout()).path("instances");
  }

  private void installAndStartTheRegistry() {
    installAndStartARegistry(registry, REGISTRY_PORT);
  }

  private void installAndStartARegistry(String registry, int port, String... options) {
    List<String> serve =
        new ArrayList<>(
            List.of("registry", "serve", "--name", registry, "--port", Integer.toString(port)));
    serve.addAll(List.of(options));
    List<String> install =
        new ArrayList<>(
            List.of(
                "install",
                "--name",
                registry,
                "--direct",
                "--type",
                "notify",
                "--start",
                "--working-dir",
                ns.dir().toString(),
                "--",
                E2eEnvironment.java().toString(),
                "-jar",
                cliJar));
    install.addAll(serve);
    String url = "http://127.0.0.1:" + port;
    ExecResult r = svc4j.run(install.toArray(String[]::new));
    assertThat(r.exitCode()).as("install registry: %s", r).isZero();
    assertThat(ns.show(registry + ".service", "ActiveState"))
        .as("registry active once READY")
        .isEqualTo("active");
    ExecResult health = ns.exec("curl", "-sf", url + "/readyz");
    assertThat(health.exitCode()).as("registry ready when its unit is active: %s", health).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(ns.show(registry + ".service", "StatusText")).contains("instances in"));
  }

  private void installAndStartHello() {
    ExecResult r =
        svc4j.run(
            "install",
            "--name",
            hello,
            "--direct",
            "--type",
            "notify",
            "--start",
            "--working-dir",
            ns.dir().toString(),
            "--env",
            "SVC4J_REGISTRY_URL=" + URL,
            "--env",
            "SVC4J_REGISTRY_SERVICE=hello",
            "--env",
            "SVC4J_REGISTRY_ADDRESS=127.0.0.1",
            "--env",
            "SVC4J_REGISTRY_PORT=" + PORT,
            "--env",
            "SVC4J_REGISTRY_HEARTBEAT=1",
            "--env",
            "SVC4J_REGISTRY_TTL=5",
            "--",
            E2eEnvironment.java().toString(),
            "-jar",
            helloJar,
            "run",
            "--name",
            hello,
            "--",
            "--port",
            Integer.toString(PORT),
            "--bind",
            "127.0.0.1");
    assertThat(r.exitCode()).as("install hello: %s", r).isZero();
    assertThat(ns.show(hello + ".service", "ActiveState")).isEqualTo("active");
  }

  private JsonNode instances() throws Exception {
    ExecResult r = svc4j.run("registry", "list", "hello", "--json", "--registry", URL);
    assertThat(r.exitCode()).as("svc4j registry list --json: %s", r).isZero();
    return new ObjectMapper().readTree(r.stdout()).path("instances");
  }

  /** The same list through curl: a fresh CLI JVM per poll is too slow to catch a short drain. */
  private JsonNode instancesByCurl() throws Exception {
    ExecResult r = ns.exec("curl", "-sf", URL + "/v1/services/hello");
    assertThat(r.exitCode()).as("GET /v1/services/hello: %s", r).isZero();
    return new ObjectMapper().readTree(r.stdout()).path("instances");
  }

  private JsonNode awaitInstance(java.util.function.Predicate<JsonNode> wanted) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode list = instances();
              return list.size() == 1 && wanted.test(list.get(0)) ? list.get(0) : null;
            },
            n -> n != null);
  }

  /**
   * Slow requests on the wire (25 s, within hello-http's drain budget), then svc4j stop: DRAINING
   * while the unit deactivates, then gone.
   */
  private void stopIsDrainingThenGone() throws Exception {
    Process load =
        ns.spawn(
            E2eEnvironment.java().toString(),
            "-cp",
            E2eEnvironment.testClasses().toString(),
            SlowRequestLoad.class.getName(),
            "127.0.0.1",
            Integer.toString(PORT),
            "20",
            "8000");
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).as("load client").startsWith("SENT 20 ");
    Process stop = svc4j.spawn("stop", hello, "--timeout", "60s");
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && stop.isAlive()) {
      JsonNode list = instancesByCurl();
      String status = list.size() == 0 ? "gone" : list.get(0).path("status").asText();
      String unitState = ns.show(hello + ".service", "ActiveState");
      String step = status + "/" + unitState;
      if (seen.isEmpty() || !seen.getLast().equals(step)) {
        seen.add(step);
      }
      Thread.sleep(100);
    }
    assertThat(stop.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(stop.exitValue()).as("svc4j stop").isZero();
    load.waitFor(60, TimeUnit.SECONDS);
    assertThat(seen)
        .as("registry status / unit state while stopping")
        .contains("DRAINING/deactivating");
    assertThat(instances()).as("gone once stopped (deregistered, not left to expire)").isEmpty();
    ExecResult plain = svc4j.run("registry", "list", "hello", "--registry", URL);
    assertThat(plain.stdout()).contains("No instances of hello");
  }
}
