package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.ServiceController;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.StopState;
import io.svc4j.supervisor.engine.ChildState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's operator features in a real browser (Debian's chromium through its chromedriver)
 * against two real supervisors and children: the memory/CPU chart, actions on a selection, pause
 * and resume, and a viewer that can do none of it.
 */
class ConsoleActionsBrowserTest {

  @TempDir Path tmp;
  private final Map<String, Supervisor> supervisors = new java.util.TreeMap<>();
  private ServiceController console;
  private ConsoleService consoleService;
  private WebDriver browser;

  private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>
      audit = new ch.qos.logback.core.read.ListAppender<>();

  @BeforeEach
  void superviseTwoChildren() throws Exception {
    var logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.svc4j.console.audit");
    audit.start();
    logger.addAppender(audit);
    for (String name : List.of("api", "web")) {
      // A child that uses some CPU and memory now and then, so that the chart has something.
      var supervisor =
          ConsoleFixture.supervised(
              tmp.resolve("run"),
              SupervisorConfig.of(
                      name,
                      List.of(
                          "sh",
                          "-c",
                          "while true; do i=0; while [ $i -lt 2000 ]; do"
                              + " i=$((i+1)); done; sleep 0.2; done"))
                  .withReadiness(ReadinessSettings.uptime(Duration.ZERO)));
      supervisors.put(name, supervisor);
    }
  }

  private void startConsole(Optional<Path> operatorToken, Optional<Path> viewerToken) {
    consoleService = ConsoleFixture.loopback(tmp.resolve("run"), operatorToken, viewerToken);
    console = ConsoleFixture.host(consoleService);
    var options = Chromium.options(1280, 1000);
    var logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = Chromium.start(options);
  }

  @AfterEach
  void stop() throws Exception {
    Chromium.quit(browser);
    ConsoleFixture.stop(console);
    supervisors.values().forEach(Supervisor::close);
  }

  private String url() {
    return "http://127.0.0.1:" + consoleService.port() + "/";
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private static By row(String name, String state) {
    return By.cssSelector("tr[data-service='" + name + "'][data-state='" + state + "']");
  }

  private WebElement button(String name, String action) {
    return browser.findElement(
        By.cssSelector("tr[data-service='" + name + "'] button[data-action='" + action + "']"));
  }

  private long pid(String name) {
    return supervisors.get(name).status().pid();
  }

  private List<String> auditLines() {
    return audit.list.stream().map(e -> e.getFormattedMessage()).toList();
  }

  /** The page broke no rule of its Content-Security-Policy (uPlot included) and threw nothing. */
  private void assertNoBrowserErrors() {
    var errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
            .map(e -> e.getMessage())
            // 404s the page expects: no favicon, no log of a child without log capture
            .filter(m -> !m.contains("Failed to load resource"))
            .toList();
    assertThat(errors).isEmpty();
  }

  @Test
  void theChartShowsTheChildsSamplesAndKeepsThemAcrossAReloadOfThePage() throws Exception {
    startConsole(Optional.empty(), Optional.empty());
    browser.get(url());
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "RUNNING")));
    browser.findElement(By.cssSelector("tr[data-service='web'] a.log-link")).click();
    By usage = By.id("usage");
    waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(usage));
    assertThat(browser.findElement(By.id("usage-name")).getText()).isEqualTo("web");
    // Samples every 5 s: the first at the console's start, the next ones while we wait.
    waitUpTo(30)
        .until(
            d -> {
              String n = d.findElement(usage).getDomAttribute("data-samples");
              return n != null && Integer.parseInt(n) >= 3;
            });
    long memory =
        Long.parseLong(browser.findElement(usage).getDomAttribute("data-last-memory-bytes"));
    assertThat(memory).as("the child tree's resident memory").isGreaterThan(100_000);
    assertThat(browser.findElement(By.id("usage-now")).getText())
        .matches("last sample \\(.+\\): [0-9.]+ MiB, [0-9.]+ % CPU; [0-9]+ samples since .+");
    // uPlot drew it: its canvas and a legend with both series.
    assertThat(browser.findElements(By.cssSelector("#usage-chart .uplot canvas"))).isNotEmpty();
    assertThat(browser.findElement(By.cssSelector("#usage-chart .u-legend")).getText())
        .contains("memory (MiB)", "CPU (%)");
    // The data behind the chart, as the page fetched it: the CPU of a busy loop was measured.
    String json =
        (String)
            ((JavascriptExecutor) browser)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/services/web/usage').then(r => r.text()).then(done);");
    var series = io.svc4j.supervisor.control.ControlProtocol.JSON.readTree(json);
    assertThat(series.get("intervalSeconds").asInt()).isEqualTo(5);
    assertThat(series.get("t").size()).isGreaterThanOrEqualTo(3);
    assertThat(series.get("cpuPercent").get(series.get("cpuPercent").size() - 1).asDouble())
        .isPositive();
    screenshot("console-usage.png");
    int before = Integer.parseInt(browser.findElement(usage).getDomAttribute("data-samples"));

    // The history lives in the console, not the page.
    browser.navigate().refresh();
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "RUNNING")));
    browser.findElement(By.cssSelector("tr[data-service='web'] a.log-link")).click();
    waitUpTo(10)
        .until(
            d -> {
              String n = d.findElement(usage).getDomAttribute("data-samples");
              return n != null && Integer.parseInt(n) >= before;
            });
    assertNoBrowserErrors();
  }

  @Test
  void aRestartOfASelectionRestartsBothChildrenWithOneConfirmation() throws Exception {
    startConsole(Optional.empty(), Optional.empty());
    browser.get(url());
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("api", "RUNNING")));
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "RUNNING")));
    long api = pid("api");
    long web = pid("web");
    assertThat(browser.findElement(By.id("selection")).isDisplayed()).isFalse();

    browser.findElement(By.id("select-all")).click();
    waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("selection")));
    assertThat(browser.findElement(By.id("selection-count")).getText()).isEqualTo("2 selected:");
    browser
        .findElement(By.cssSelector("#selection button[data-selection-action='restart']"))
        .click();
    var confirm = waitUpTo(5).until(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).contains("restart these 2 services?", "api", "web");
    confirm.accept();

    waitUpTo(60)
        .until(
            ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#results li[data-ok='true']"), 2));
    assertThat(browser.findElement(By.id("results")).getText())
        .contains("restart api: restarted", "restart web: restarted");
    assertThat(browser.findElement(By.id("message")).getText())
        .isEqualTo("restart of 2 services: 2 done, 0 failed");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                supervisors.get("api").status().state() == ChildState.RUNNING
                    && supervisors.get("web").status().state() == ChildState.RUNNING);
    assertThat(pid("api")).isNotEqualTo(api);
    assertThat(pid("web")).isNotEqualTo(web);
    for (String name : List.of("api", "web")) {
      waitUpTo(10)
          .until(
              ExpectedConditions.textToBe(
                  By.cssSelector("tr[data-service='" + name + "'] td[data-key='pid']"),
                  String.valueOf(pid(name))));
    }
    screenshot("console-selection.png");
    assertThat(auditLines())
        .contains(
            "console: restart api by OPERATOR from 127.0.0.1",
            "console: restart web by OPERATOR from 127.0.0.1",
            "console: restart api: restarted",
            "console: restart web: restarted");
    assertNoBrowserErrors();
  }

  @Test
  void pauseStopsTheChildsProcessesAndResumeContinuesThem() throws Exception {
    startConsole(Optional.empty(), Optional.empty());
    browser.get(url());
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "RUNNING")));
    long pid = pid("web");
    assertThat(button("web", "resume").isDisplayed()).isFalse();

    button("web", "pause").click();
    waitUpTo(5).until(ExpectedConditions.alertIsPresent()).accept();
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "PAUSED")));
    assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("pause web: paused");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(StopState.paused(pid))
                    .as("the paused child %d stopped (T) or SIGSTOP pending", pid)
                    .isTrue());
    assertThat(button("web", "pause").isDisplayed()).isFalse();
    assertThat(button("web", "resume").isDisplayed()).isTrue();
    assertThat(StopState.paused(pid("api"))).as("the other service runs on").isFalse();
    screenshot("console-paused.png");

    button("web", "resume").click();
    waitUpTo(5).until(ExpectedConditions.alertIsPresent()).accept();
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "RUNNING")));
    await().atMost(Duration.ofSeconds(5)).until(() -> StopState.notPaused(pid));
    assertThat(pid("web")).as("the same child, not a restart").isEqualTo(pid);
    assertThat(auditLines())
        .contains(
            "console: pause web by OPERATOR from 127.0.0.1",
            "console: pause web: paused",
            "console: resume web by OPERATOR from 127.0.0.1",
            "console: resume web: resumed");
    assertNoBrowserErrors();
  }

  @Test
  void aViewerCanNeitherSelectNorPauseNorActOnASelection() throws Exception {
    String viewerSecret = "view-" + UUID.randomUUID();
    startConsole(
        Optional.of(token("operator-token", "op-" + UUID.randomUUID())),
        Optional.of(token("viewer-token", viewerSecret)));
    browser.get(url());
    browser.findElement(By.id("token")).sendKeys(viewerSecret);
    browser.findElement(By.id("login")).click();
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "RUNNING")));
    assertThat(browser.findElements(By.cssSelector("input.select"))).isEmpty();
    assertThat(browser.findElement(By.id("select-all")).isDisplayed()).isFalse();
    assertThat(browser.findElements(By.cssSelector("button[data-action]"))).isEmpty();

    // Its own valid CSRF token does not help: the server refuses the viewer's actions.
    long api = pid("api");
    long web = pid("web");
    String csrf =
        browser.findElement(By.cssSelector("meta[name='csrf']")).getDomAttribute("content");
    assertThat(post("/api/actions", csrf, "{\"action\":\"stop\",\"services\":[\"api\",\"web\"]}"))
        .isEqualTo(403);
    assertThat(post("/api/services/web/pause", csrf, null)).isEqualTo(403);
    assertThat(StopState.paused(web)).isFalse();
    assertThat(pid("api")).isEqualTo(api);
    assertThat(pid("web")).isEqualTo(web);
    assertThat(supervisors.get("api").status().state()).isEqualTo(ChildState.RUNNING);
    assertThat(auditLines())
        .contains(
            "console: stop api, web refused: read-only role of VIEWER, from 127.0.0.1",
            "console: pause web refused: read-only role of VIEWER, from 127.0.0.1");
  }

  @Test
  void aSelectionWithoutTheCsrfTokenIsRefused() throws Exception {
    startConsole(Optional.empty(), Optional.empty());
    browser.get(url());
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("web", "RUNNING")));
    long web = pid("web");
    assertThat(post("/api/actions", null, "{\"action\":\"stop\",\"services\":[\"web\"]}"))
        .isEqualTo(403);
    assertThat(pid("web")).isEqualTo(web);
    assertThat(supervisors.get("web").status().state()).isEqualTo(ChildState.RUNNING);
    assertThat(auditLines())
        .contains("console: stop web refused: missing or wrong CSRF token, from 127.0.0.1");
  }

  /** POSTs from the page itself (its cookie is sent), with or without a CSRF token. */
  private long post(String path, String csrf, String json) {
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const headers = arguments[1] ? {'X-CSRF-Token': arguments[1]} : {};"
                    + "const body = arguments[2] || undefined;"
                    + "fetch(arguments[0], {method: 'POST', headers, body})"
                    + ".then(r => done(r.status));",
                path,
                csrf,
                json);
    return (Long) status;
  }

  private Path token(String file, String value) throws IOException {
    Path p = tmp.resolve(file);
    Files.writeString(p, value);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  private void screenshot(String name) throws IOException {
    Chromium.screenshot(browser, name);
  }
}
