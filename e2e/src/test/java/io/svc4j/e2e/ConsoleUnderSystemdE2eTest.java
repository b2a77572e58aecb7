package io.svc4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.testing.systemd.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's operator story for the web console, under a real systemd: the shell block of the
 * README's "Web console" section (read from README.md, not copied) is run as written, in a
 * directory holding {@code dist/}, with {@code svc4j} as {@code java -jar dist/svc4j.jar} and the
 * test's JDK first on the PATH; only the three service names get a random suffix. It installs a
 * supervised python web server with a {@code metrics:} section, hello-http supervised through
 * {@code install -- CMD}, and the console as a service; its {@code promtool check metrics} lines
 * must pass. Then the console's JSON shows both services RUNNING with their pids, the log view of
 * the supervised web server finds its request line, the metrics have the service's values, and the
 * console's restart (with the page's CSRF token) gives the web server a new child in the same unit.
 */
class ConsoleUnderSystemdE2eTest extends BootedSystemd {

  private static final String MARKER = "<!-- ConsoleUnderSystemdE2eTest runs the next block -->";

  private final String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
  private final String web = "web-" + suffix;
  private final String hello = "hello-" + suffix;
  private final String console = "console-" + suffix;
  private final ObjectMapper json = new ObjectMapper();

  private Path story;

  @Override
  void requireJars() throws Exception {
    E2eEnvironment.helloHttpJar();
  }

  @BeforeAll
  void stage() throws Exception {
    story = Files.createDirectories(ns.dir().resolve("story"));
    Path dist = Files.createDirectories(story.resolve("dist"));
    E2eEnvironment.stage(E2eEnvironment.cliJar(), dist);
    E2eEnvironment.stage(E2eEnvironment.helloHttpJar(), dist);
  }

  @AfterAll
  void uninstall() { // before the power-off
    if (ns != null) {
      for (String name : new String[] {console, hello, web}) {
        svc4j.run("uninstall", name);
      }
    }
  }

  /** The README's block, with the service names made unique to this run. */
  private String readmeBlock() throws Exception {
    Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
    String text = Files.readString(readme);
    int marker = text.indexOf(MARKER);
    assertThat(marker).as("README.md has the marked console block").isPositive();
    Matcher block =
        Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(text.substring(marker));
    assertThat(block.find()).isTrue();
    return block
        .group(1)
        .replace("name: web\n", "name: " + web + "\n")
        .replace("svc4j metrics web ", "svc4j metrics " + web + " ")
        .replace("--name hello ", "--name " + hello + " ")
        .replace("--name console ", "--name " + console + " ");
  }

  @Test
  void theReadmesCommandsInstallTwoServicesAndTheConsoleWhichShowsThemAndTheirMetricsParse()
      throws Exception {
    String block = readmeBlock();
    assertThat(block)
        .contains("name: " + web + "\n")
        .contains("svc4j install --config ") // the service takes the file's name
        .contains("svc4j install --name " + hello + " --start -- ")
        .contains("--name " + console + " --start")
        .contains("svc4j metrics " + web + " | promtool check metrics");
    String script =
        "set -euo pipefail\n"
            + "cd '"
            + story
            + "'\n"
            + "export PATH='"
            + E2eEnvironment.java().getParent()
            + "':\"$PATH\"\n"
            + "svc4j() { java -jar '"
            + story.resolve("dist/svc4j.jar")
            + "' \"$@\"; }\n"
            + block;
    ExecResult run = ns.exec(Duration.ofMinutes(5), "bash", "-c", script);
    try {
      assertThat(run.exitCode()).as("the README's block: %s", run).isZero();
      for (String name : new String[] {web, hello, console}) {
        assertThat(ns.show(name + ".service", "ActiveState")).as(name).isEqualTo("active");
      }

      // The console's JSON: both services (and the console itself) RUNNING with their pids.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                Map<String, JsonNode> services = services();
                assertThat(services).containsKeys(web, hello, console);
                for (String name : new String[] {web, hello}) {
                  JsonNode status = services.get(name).path("status");
                  assertThat(status.path("state").asText()).as(name).isEqualTo("RUNNING");
                  assertThat(status.path("pid").asLong()).as(name).isPositive();
                }
              });
      long webPid = services().get(web).path("status").path("pid").asLong();
      assertThat(ns.exec("cat", "/proc/" + webPid + "/cmdline").stdout()).contains("http.server");

      // The supervised web server's log view: python logs each request on stderr.
      ns.exec("curl", "-s", "-o", "/dev/null", "http://127.0.0.1:8000/").requireSuccess();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          consoleGet(
                              "/api/services/"
                                  + web
                                  + "/logs/search?stream=stderr&q=GET%20/%20HTTP"))
                      .contains("\"matches\":[{\"file\":\"current\"")
                      .doesNotContain("/var/log"));

      // The metrics, both ways, with the supervised service's values.
      ExecResult scrape = ns.exec("curl", "-s", "http://127.0.0.1:9464/metrics");
      assertThat(scrape.stdout())
          .contains("svc4j_supervisor_child_up{service=\"" + web + "\"} 1.0")
          .contains("svc4j_build_info{component=\"supervisor\"");
      ExecResult metrics = svc4j.run("metrics", web);
      assertThat(metrics.exitCode()).as("svc4j metrics: %s", metrics).isZero();
      assertThat(metrics.stdout())
          .contains("svc4j_supervisor_starts_total{cause=\"initial\",service=\"" + web + "\"} 1.0");

      // Control from the console: its restart button's request (the session's CSRF token from
      // the page) restarts the supervised child inside the same unit.
      String page = consoleGet("/");
      Matcher csrf = Pattern.compile("<meta name=\"csrf\" content=\"([0-9a-f]+)\">").matcher(page);
      assertThat(csrf.find()).as("the page carries its CSRF token").isTrue();
      String mainPid = ns.show(web + ".service", "MainPID");
      ExecResult restart =
          ns.exec(
              "curl",
              "-s",
              "-b",
              story.resolve("cookies").toString(),
              "-X",
              "POST",
              "-H",
              "X-CSRF-Token: " + csrf.group(1),
              "http://127.0.0.1:9470/api/services/" + web + "/restart");
      assertThat(restart.requireSuccess().stdout())
          .as("restart through the console")
          .contains("restarted");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                JsonNode status = services().get(web).path("status");
                assertThat(status.path("state").asText()).isEqualTo("RUNNING");
                assertThat(status.path("pid").asLong()).isPositive().isNotEqualTo(webPid);
              });
      assertThat(ns.show(web + ".service", "MainPID"))
          .as("the supervisor restarted its child, not systemd the unit")
          .isEqualTo(mainPid);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage()
              + "\n--- "
              + console
              + " ---\n"
              + ns.diagnostics(console + ".service")
              + "\n--- "
              + web
              + " ---\n"
              + ns.diagnostics(web + ".service"),
          e);
    }
  }

  /** GET on the console with the session the README's curl made (its cookie file). */
  private String consoleGet(String path) {
    ExecResult r =
        ns.exec(
            "curl",
            "-s",
            "-b",
            story.resolve("cookies").toString(),
            "http://127.0.0.1:9470" + path);
    return r.requireSuccess().stdout();
  }

  private Map<String, JsonNode> services() throws Exception {
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode s : json.readTree(consoleGet("/api/services"))) {
      byName.put(s.path("name").asText(), s);
    }
    return byName;
  }
}
