package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.testing.systemd.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console's actions on services that no supervisor answers for, under a real systemd: the
 * console (installed as a service, like the README says) starts a stopped {@code --direct} service
 * and a stopped supervised service through the service manager, stops the direct one the same way,
 * says why the direct one cannot be paused, and restarts the supervised child through its
 * supervisor once that runs; each action is in the console's journal with who did it and the
 * result. Requests are made with curl inside the namespace, with the page's session cookie and CSRF
 * token, as the page's script makes them (the page itself is tested in Chromium by the console
 * module's browser tests).
 */
class ConsoleActionsUnderSystemdE2eTest extends BootedSystemd {

  private static final int PORT = 9470;
  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
  private final String direct = "console-direct-" + suffix;
  private final String supervised = "console-supervised-" + suffix;
  private final String console = "console-" + suffix;
  private final ObjectMapper json = new ObjectMapper();

  private String cookies;

  @BeforeAll
  void stage() throws Exception {
    cookies = ns.dir().resolve("console-cookies").toString();
  }

  @Test
  void theConsoleStartsAndStopsServicesWithoutASupervisorThroughSystemd() throws Exception {
    try {
      installThreeServices();
      String csrf = openThePage();

      JsonNode before = service(direct);
      assertThat(before.path("supervised").asBoolean())
          .as("no supervisor for %s", direct)
          .isFalse();
      assertThat(before.path("manager").path("state").asText()).isEqualTo("STOPPED");
      assertThat(service(supervised).path("manager").path("state").asText()).isEqualTo("STOPPED");

      // A selection of two stopped services: both started by systemd.
      Reply started =
          post(
              "/api/actions",
              csrf,
              "{\"action\":\"start\",\"services\":[\"" + direct + "\",\"" + supervised + "\"]}");
      assertThat(started.status()).as("start of the selection: %s", started).isEqualTo(200);
      JsonNode results = json.readTree(started.body());
      assertThat(results).hasSize(2);
      for (JsonNode r : results) {
        assertThat(r.path("ok").asBoolean()).as("%s", r).isTrue();
        assertThat(r.path("via").asText()).as("%s", r).isEqualTo("manager");
        assertThat(r.path("message").asText()).as("%s", r).isEqualTo("started: RUNNING");
      }
      assertThat(ns.show(direct + ".service", "ActiveState")).isEqualTo("active");
      assertThat(ns.show(supervised + ".service", "ActiveState")).isEqualTo("active");
      // The supervisor the start launched now answers: the row is the supervisor's.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  service(supervised).path("supervised").asBoolean()
                      && service(supervised)
                          .path("status")
                          .path("state")
                          .asText()
                          .equals("RUNNING"));
      assertThat(service(direct).path("manager").path("state").asText()).isEqualTo("RUNNING");

      // systemd has no pause control: the direct service cannot be paused, and says why.
      Reply pause = post("/api/services/" + direct + "/pause", csrf, null);
      assertThat(pause.status()).as("pause of a direct service: %s", pause).isEqualTo(502);
      assertThat(json.readTree(pause.body()).path("message").asText())
          .contains("has no pause control");
      assertThat(ns.show(direct + ".service", "ActiveState")).isEqualTo("active");

      // The supervised service's child: through its supervisor, the unit keeps its MainPID.
      String supervisorPid = ns.show(supervised + ".service", "MainPID");
      long child = service(supervised).path("status").path("pid").asLong();
      Reply restart = post("/api/services/" + supervised + "/restart", csrf, null);
      assertThat(restart.status()).as("restart: %s", restart).isEqualTo(200);
      assertThat(json.readTree(restart.body()).path("via").asText()).isEqualTo("supervisor");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                JsonNode s = service(supervised).path("status");
                return s.path("state").asText().equals("RUNNING")
                    && s.path("pid").asLong() != child;
              });
      assertThat(ns.show(supervised + ".service", "MainPID")).isEqualTo(supervisorPid);

      // Stop of the direct service: through systemd again.
      Reply stopped = post("/api/services/" + direct + "/stop", csrf, null);
      assertThat(stopped.status()).as("stop: %s", stopped).isEqualTo(200);
      assertThat(json.readTree(stopped.body()).path("message").asText())
          .isEqualTo("stopped: STOPPED");
      assertThat(ns.show(direct + ".service", "ActiveState")).isEqualTo("inactive");

      String journal = ns.exec("journalctl", "--no-pager", "-u", console + ".service").stdout();
      assertThat(journal)
          .contains(
              "console: start " + direct + " by OPERATOR from 127.0.0.1",
              "console: start " + direct + ": started: RUNNING (service manager)",
              "console: start " + supervised + ": started: RUNNING (service manager)",
              "console: pause " + direct + ": failed: cannot pause",
              "console: restart " + supervised + ": restarted",
              "console: stop " + direct + ": stopped: STOPPED (service manager)");
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n--- " + console + " ---\n" + ns.diagnostics(console + ".service"), e);
    }
  }

  private void installThreeServices() {
    ExecResult d =
        svc4j.run(
            "install", "--name", direct, "--direct", "--type", "exec", "--", "/bin/sleep", "600");
    assertThat(d.exitCode()).as("install %s: %s", direct, d).isZero();
    ExecResult s = svc4j.run("install", "--name", supervised, "--", "/bin/sleep", "600");
    assertThat(s.exitCode()).as("install %s: %s", supervised, s).isZero();
    ExecResult c =
        svc4j.run(
            "install",
            "--name",
            console,
            "--direct",
            "--start",
            "--timeout",
            "60s",
            "--",
            E2eEnvironment.java().toString(),
            "-jar",
            E2eEnvironment.stage(E2eEnvironment.cliJar(), ns.dir()).toString(),
            "console",
            "--port",
            Integer.toString(PORT));
    assertThat(c.exitCode()).as("install %s: %s", console, c).isZero();
    assertThat(ns.show(console + ".service", "ActiveState")).isEqualTo("active");
  }

  /** Opens the page as a browser would: a session cookie and the page's CSRF token. */
  private String openThePage() {
    ExecResult page = curl("-c", cookies, "http://127.0.0.1:" + PORT + "/");
    Matcher m = Pattern.compile("<meta name=\"csrf\" content=\"([0-9a-f]+)\">").matcher(page.out());
    assertThat(m.find()).as("the page's CSRF token in %s", page).isTrue();
    return m.group(1);
  }

  private JsonNode service(String name) throws Exception {
    ExecResult r = curl("-b", cookies, "http://127.0.0.1:" + PORT + "/api/services");
    for (JsonNode view : json.readTree(r.out())) {
      if (view.path("name").asText().equals(name)) {
        return view;
      }
    }
    throw new AssertionError(name + " is not on the console: " + r.out());
  }

  record Reply(int status, String body) {}

  private Reply post(String path, String csrf, String body) {
    List<String> args =
        new ArrayList<>(List.of("-b", cookies, "-X", "POST", "-H", "X-CSRF-Token: " + csrf));
    if (body != null) {
      args.addAll(List.of("-H", "Content-Type: application/json", "--data", body));
    }
    args.addAll(List.of("-w", "\n%{http_code}", "http://127.0.0.1:" + PORT + path));
    String out = curl(args.toArray(String[]::new)).stdout();
    int cut = out.lastIndexOf('\n');
    return new Reply(Integer.parseInt(out.substring(cut + 1).strip()), out.substring(0, cut));
  }

  private ExecResult curl(String... args) {
    List<String> argv = new ArrayList<>(List.of("curl", "-sS", "--max-time", "120"));
    argv.addAll(List.of(args));
    return ns.exec(Duration.ofSeconds(130), argv.toArray(String[]::new)).requireSuccess();
  }
}
