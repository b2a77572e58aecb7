package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.e2e.cli.Http;
import io.svc4j.e2e.load.SlowRequestLoad;
import io.svc4j.testing.systemd.ExecResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example HTTP daemon installed and managed through the CLI as a real systemd service: install
 * with {@code --direct}, start (active only once READY), HTTP, status text, graceful stop under
 * load, restart after {@code kill -9}, restart by the watchdog, uninstall.
 *
 * <p>One test walks the whole life of one service, because every step starts from the state the
 * previous one left; each assertion says which step it checks.
 */
class HelloHttpUnderSystemdE2eTest extends BootedSystemd {

  private static final int PORT = 18080;
  private static final Duration SLOW = Duration.ofSeconds(90);
  private static final int LOAD_REQUESTS = 200;

  /**
   * Long enough that the stop, which starts a fresh CLI JVM after the last request is on the wire,
   * arrives while most requests are still being served.
   */
  private static final int LOAD_MILLIS = 5000;

  private final String name = "hello-e2e-" + Long.toHexString(System.nanoTime() & 0xffffff);
  private final String unit = name + ".service";

  private Http http;
  private String helloJar;

  @Override
  void requireJars() throws Exception {
    // Fail here, not inside the namespace, when the build has not produced the jars.
    E2eEnvironment.helloHttpJar();
  }

  @BeforeAll
  void stage() throws Exception {
    http = new Http(ns);
    helloJar = E2eEnvironment.stage(E2eEnvironment.helloHttpJar(), ns.dir()).toString();
  }

  @Test
  void helloHttpLivesAndDiesAsASystemdService() throws Exception {
    try {
      install();
      startIsActiveOnlyAfterReady();
      statusTextIsVisibleInSystemctlAndSvc4jStatus();
      pauseIsRefusedInOneLineAndTheServiceKeepsServing();
      stopUnderLoadAnswersEveryAcceptedRequest();
      restartsAfterKill9();
      watchdogRestartsAHungService();
      restartCommandReplacesTheProcess();
      uninstallLeavesNothingBehind();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + unit + " ---\n" + ns.diagnostics(unit), e);
    }
  }

  private void install() {
    ExecResult r =
        svc4j.run(
            "install",
            "--name",
            name,
            "--direct",
            "--type",
            "notify",
            "--watchdog",
            "3s",
            "--working-dir",
            ns.dir().toString(),
            "--description",
            "svc4j e2e: hello-http",
            "--",
            E2eEnvironment.java().toString(),
            "-jar",
            helloJar,
            "run",
            "--name",
            name,
            "--",
            "--port",
            Integer.toString(PORT),
            "--bind",
            "127.0.0.1",
            "--enable-debug-endpoints");
    assertThat(r.exitCode()).as("install: %s", r).isZero();
    assertThat(ns.exec("test", "-f", "/etc/systemd/system/" + unit).exitCode())
        .as("install wrote /etc/systemd/system/%s", unit)
        .isZero();
    assertThat(ns.show(unit, "LoadState")).as("install: unit loaded").isEqualTo("loaded");
    assertThat(ns.show(unit, "Type")).as("install: Type").isEqualTo("notify");
    assertThat(ns.exec("systemctl", "cat", unit).requireSuccess().stdout())
        .as("install: unit file")
        .contains("WatchdogSec=3s");
    assertThat(ns.show(unit, "ActiveState")).as("install without --start").isEqualTo("inactive");
    ExecResult list = svc4j.run("list");
    assertThat(list.exitCode()).as("svc4j list: %s", list).isZero();
    assertThat(list.stdout()).as("svc4j list shows the installed service").contains(name);
  }

  /**
   * Watches ActiveState while {@code svc4j start} runs: the unit must pass through activating, and
   * the first time it is seen active the HTTP server must already answer (READY is sent only once
   * the server listens).
   */
  private void startIsActiveOnlyAfterReady() throws Exception {
    Process start = svc4j.spawn("start", name, "--timeout", "90s");
    List<String> seen = new ArrayList<>();
    Http.Response firstWhenActive = null;
    long deadline = System.nanoTime() + SLOW.toNanos();
    while (System.nanoTime() < deadline) {
      String state = ns.show(unit, "ActiveState");
      if (seen.isEmpty() || !seen.getLast().equals(state)) {
        seen.add(state);
      }
      if (state.equals("active")) {
        firstWhenActive = http.get(PORT, "/readyz");
        break;
      }
      if (state.equals("failed")) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(start.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS))
        .as("svc4j start returns")
        .isTrue();
    String startOut = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(start.exitValue()).as("svc4j start exit code (%s)", startOut).isZero();
    assertThat(seen)
        .as("ActiveState sequence during start")
        .contains("activating")
        .endsWith("active");
    assertThat(seen.indexOf("activating")).isLessThan(seen.indexOf("active"));
    assertThat(firstWhenActive)
        .as("GET /readyz the moment the unit turned active")
        .isNotNull()
        .extracting(Http.Response::status)
        .isEqualTo(200);
    assertThat(http.get(PORT, "/healthz").status()).as("GET /healthz").isEqualTo(200);
    assertThat(ns.show(unit, "SubState")).isEqualTo("running");
    // systemd reports the watchdog only for a started unit.
    assertThat(ns.show(unit, "WatchdogUSec")).as("watchdog armed").isEqualTo("3s");
  }

  private void statusTextIsVisibleInSystemctlAndSvc4jStatus() throws Exception {
    String expectedPrefix = "listening on http://127.0.0.1:" + PORT;
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(ns.show(unit, "StatusText")).startsWith(expectedPrefix));
    String before = ns.show(unit, "StatusText");
    ExecResult human = svc4j.run("status", name);
    ExecResult json = svc4j.run("status", name, "--json");
    String after = ns.show(unit, "StatusText");

    assertThat(human.exitCode()).as("svc4j status of a running service: %s", human).isZero();
    assertThat(List.of(before, after))
        .as("svc4j status shows systemd's StatusText: %s", human.stdout())
        .anyMatch(human.stdout()::contains);

    assertThat(json.exitCode()).as("svc4j status --json: %s", json).isZero();
    JsonNode node = new ObjectMapper().readTree(json.stdout());
    assertThat(node.path("name").asText()).isEqualTo(name);
    assertThat(node.path("state").asText()).isEqualTo("running");
    assertThat(node.path("statusText").asText()).isIn(before, after);
    assertThat(node.path("mainPid").asLong()).isEqualTo(Long.parseLong(ns.show(unit, "MainPID")));
  }

  /**
   * systemd has no pause control: {@code svc4j pause} and {@code resume} say so in one line, exit
   * 1, and change nothing (the unit stays active, HTTP keeps answering 200).
   */
  private void pauseIsRefusedInOneLineAndTheServiceKeepsServing() {
    long pid = Long.parseLong(ns.show(unit, "MainPID"));
    for (String verb : List.of("pause", "resume")) {
      ExecResult r = svc4j.run(verb, name);
      assertThat(r.exitCode()).as("svc4j %s on systemd: %s", verb, r).isEqualTo(1);
      assertThat(r.stderr().strip())
          .as("svc4j %s: one line naming the reason", verb)
          .doesNotContain("\n")
          .contains("cannot " + verb + " '" + name + "'")
          .contains("systemd has no pause control")
          .doesNotContain("Exception");
    }
    assertThat(ns.show(unit, "ActiveState")).as("after svc4j pause").isEqualTo("active");
    assertThat(Long.parseLong(ns.show(unit, "MainPID"))).as("same process").isEqualTo(pid);
    assertThat(http.get(PORT, "/api/hello").status()).as("still serving").isEqualTo(200);
    assertThat(http.get(PORT, "/readyz").status()).as("still ready").isEqualTo(200);
  }

  /**
   * 200 slow requests on the wire, then {@code svc4j stop}: every accepted request must complete
   * with 200, and the stop must have begun while requests were still in flight.
   */
  private void stopUnderLoadAnswersEveryAcceptedRequest() throws Exception {
    Process load =
        ns.spawn(
            E2eEnvironment.java().toString(),
            "-cp",
            E2eEnvironment.testClasses().toString(),
            SlowRequestLoad.class.getName(),
            "127.0.0.1",
            Integer.toString(PORT),
            Integer.toString(LOAD_REQUESTS),
            Integer.toString(LOAD_MILLIS));
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
    String sent = lines.readLine();
    assertThat(sent).as("load client output").isNotNull().startsWith("SENT ");
    int accepted = Integer.parseInt(sent.split(" ")[1]);
    assertThat(accepted).as("requests on the wire before the stop").isEqualTo(LOAD_REQUESTS);

    ExecResult stop = svc4j.run("stop", name, "--timeout", "60s");
    String result = lines.readLine();
    assertThat(load.waitFor(SLOW.toSeconds(), TimeUnit.SECONDS)).as("load client ends").isTrue();
    assertThat(stop.exitCode()).as("svc4j stop: %s", stop).isZero();
    assertThat(result).as("load client result").isNotNull().startsWith("RESULT ");

    Map<String, String> fields = fields(result);
    assertThat(fields.get("failed"))
        .as("accepted requests that did not get a full 200 (%s)", fields.get("errors"))
        .isEqualTo("0");
    assertThat(fields.get("refused")).as("requests refused before the stop").isEqualTo("0");
    assertThat(fields.get("ok")).isEqualTo(Integer.toString(LOAD_REQUESTS));

    long stopBegan = Long.parseLong(ns.show(unit, "ActiveExitTimestampMonotonic"));
    long inFlightAtStop =
        Arrays.stream(fields.get("completions").split(","))
            .mapToLong(Long::parseLong)
            .filter(done -> done > stopBegan)
            .count();
    System.out.printf(
        "stop under load: %s of %d requests answered 200, %d still in flight when the stop began%n",
        fields.get("ok"), LOAD_REQUESTS, inFlightAtStop);
    assertThat(inFlightAtStop)
        .as("requests that completed after the stop began (the stop must hit in-flight requests)")
        .isGreaterThanOrEqualTo(LOAD_REQUESTS / 2);
    assertThat(ns.show(unit, "ActiveState")).as("after svc4j stop").isEqualTo("inactive");
    assertThat(ns.show(unit, "Result")).as("a graceful stop is a success").isEqualTo("success");
    assertThat(svc4j.run("status", name).exitCode())
        .as("svc4j status of a stopped service")
        .isEqualTo(3);
  }

  private void restartsAfterKill9() {
    svc4j.run("start", name, "--timeout", "90s").requireSuccess();
    assertThat(http.get(PORT, "/healthz").status()).isEqualTo(200);
    long pid = Long.parseLong(ns.show(unit, "MainPID"));
    int restarts = Integer.parseInt(ns.show(unit, "NRestarts"));

    ns.exec("kill", "-9", Long.toString(pid)).requireSuccess();

    awaitRestarted("after kill -9 of MainPID " + pid, pid, restarts);
    assertThat(http.get(PORT, "/healthz").status()).as("HTTP after the restart").isEqualTo(200);
  }

  private void watchdogRestartsAHungService() throws Exception {
    long pid = Long.parseLong(ns.show(unit, "MainPID"));
    int restarts = Integer.parseInt(ns.show(unit, "NRestarts"));

    Http.Response hang = http.post(PORT, "/api/debug/hang");
    assertThat(hang.status()).as("POST /api/debug/hang: %s", hang).isBetween(200, 299);

    awaitRestarted("after the service stopped pinging the watchdog", pid, restarts);
    assertThat(ns.exec("journalctl", "--no-pager", "-u", unit).stdout())
        .as("systemd's journal names the watchdog as the reason")
        .contains("Watchdog timeout");
    assertThat(http.get(PORT, "/healthz").status()).as("HTTP after the restart").isEqualTo(200);
    logLevelsReachTheJournal();
  }

  /**
   * The service's console lines go to the journal (JOURNAL_STREAM) with syslog level prefixes,
   * which journald turns into PRIORITY= and strips from the message.
   */
  private void logLevelsReachTheJournal() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> entries = new ArrayList<>();
    String out =
        ns.exec(
                "journalctl",
                "--no-pager",
                "-u",
                unit,
                "-o",
                "json",
                "--output-fields=MESSAGE,PRIORITY,SYSLOG_IDENTIFIER")
            .requireSuccess()
            .stdout();
    for (String line : out.split("\n")) {
      JsonNode entry = json.readTree(line);
      if (name.equals(entry.path("SYSLOG_IDENTIFIER").asText())) {
        entries.add(entry);
      }
    }
    assertThat(entries).as("the service's own journal entries").isNotEmpty();
    assertThat(entries)
        .as("no level prefix left in a message")
        .noneMatch(e -> e.path("MESSAGE").asText().startsWith("<"));
    assertThat(entries)
        .as("INFO 'listening on' at PRIORITY=6")
        .anyMatch(
            e ->
                e.path("MESSAGE").asText().contains("listening on")
                    && e.path("PRIORITY").asText().equals("6"));
    assertThat(entries)
        .as("WARN 'debug hang requested' at PRIORITY=4")
        .anyMatch(
            e ->
                e.path("MESSAGE").asText().contains("debug hang requested")
                    && e.path("PRIORITY").asText().equals("4"));
  }

  private void restartCommandReplacesTheProcess() {
    long pid = Long.parseLong(ns.show(unit, "MainPID"));
    ExecResult r = svc4j.run("restart", name, "--timeout", "90s");
    assertThat(r.exitCode()).as("svc4j restart: %s", r).isZero();
    assertThat(ns.show(unit, "ActiveState")).as("after svc4j restart").isEqualTo("active");
    assertThat(Long.parseLong(ns.show(unit, "MainPID"))).isPositive().isNotEqualTo(pid);
    assertThat(http.get(PORT, "/readyz").status())
        .as("HTTP right after svc4j restart")
        .isEqualTo(200);
  }

  private void awaitRestarted(String why, long oldPid, int oldRestarts) {
    await(why)
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(Integer.parseInt(ns.show(unit, "NRestarts"))).isGreaterThan(oldRestarts);
              assertThat(ns.show(unit, "ActiveState")).isEqualTo("active");
              long pid = Long.parseLong(ns.show(unit, "MainPID"));
              assertThat(pid).isPositive().isNotEqualTo(oldPid);
            });
  }

  private void uninstallLeavesNothingBehind() {
    ExecResult r = svc4j.run("uninstall", name);
    assertThat(r.exitCode()).as("svc4j uninstall: %s", r).isZero();
    assertThat(
            ns.exec("find", "/etc/systemd/system", "/run/systemd/system", "-name", name + "*")
                .out())
        .as("unit files and enablement links left behind")
        .isEmpty();
    assertThat(ns.show(unit, "LoadState")).isEqualTo("not-found");
    assertThat(ns.exec("pgrep", "-f", helloJar).exitCode())
        .as("no hello-http process left")
        .isEqualTo(1);
    ExecResult status = svc4j.run("status", name);
    assertThat(status.exitCode()).as("svc4j status after uninstall: %s", status).isEqualTo(4);
    ExecResult list = svc4j.run("list");
    assertThat(list.exitCode()).as("svc4j list: %s", list).isZero();
    assertThat(list.stdout()).as("svc4j list after uninstall").doesNotContain(name);
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : line.substring("RESULT ".length()).split(" ")) {
      int eq = part.indexOf('=');
      fields.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return fields;
  }
}
