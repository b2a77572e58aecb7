package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.e2e.cli.Svc4jCli;
import io.svc4j.e2e.load.SlowRequestLoad;
import io.svc4j.testing.systemd.ExecResult;
import io.svc4j.testing.systemd.SystemdNamespace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The registry and a registered service, both installed as real systemd services: {@code svc4j
 * registry serve} is READY like any other service; hello-http, configured only with {@code --env
 * SVC4J_REGISTRY_*}, is UP once active, DRAINING while {@code svc4j stop} drains its requests, and
 * gone once stopped; {@code svc4j registry list} shows each step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryUnderSystemdE2eTest {

  private static final int REGISTRY_PORT = 17711;
  private static final int PORT = 18081;
  private static final String URL = "http://127.0.0.1:" + REGISTRY_PORT;

  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
  private final String registry = "registry-e2e-" + suffix;
  private final String hello = "hello-reg-" + suffix;

  private SystemdNamespace ns;
  private Svc4jCli svc4j;
  private String cliJar;
  private String helloJar;

  @BeforeAll
  void boot() throws Exception {
    E2eEnvironment.cliJar();
    E2eEnvironment.helloHttpJar();
    ns = SystemdNamespace.boot();
    svc4j = new Svc4jCli(ns);
    cliJar = E2eEnvironment.stage(E2eEnvironment.cliJar(), ns.dir()).toString();
    helloJar = E2eEnvironment.stage(E2eEnvironment.helloHttpJar(), ns.dir()).toString();
  }

  @AfterAll
  void powerOff() {
    if (ns != null) {
      ns.close();
    }
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

  private void installAndStartTheRegistry() {
    ExecResult r =
        svc4j.run(
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
            cliJar,
            "registry",
            "serve",
            "--name",
            registry,
            "--port",
            Integer.toString(REGISTRY_PORT));
    assertThat(r.exitCode()).as("install registry: %s", r).isZero();
    assertThat(ns.show(registry + ".service", "ActiveState"))
        .as("registry active once READY")
        .isEqualTo("active");
    ExecResult health = ns.exec("curl", "-sf", URL + "/readyz");
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
