package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.ServiceController;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's chromium, driven through Debian's chromedriver by
 * Selenium, against a real supervisor and child.
 */
class ConsoleBrowserTest {

  @TempDir Path tmp;
  private Supervisor supervisor;
  private ServiceController console;
  private ConsoleService consoleService;
  private WebDriver browser;
  private final String secret = "s3cret-" + UUID.randomUUID();

  @BeforeEach
  void superviseAChild() throws Exception {
    Path go = tmp.resolve("go");
    // Prints a line whenever the test drops a word into "go", and a tick now and then.
    String script =
        "trap 'echo reloaded' HUP; while true; do if [ -s '"
            + go
            + "' ]; then echo \"fresh $(cat '"
            + go
            + "')\"; rm -f '"
            + go
            + "'; fi; sleep 0.1; done";
    supervisor =
        ConsoleFixture.supervised(
            tmp.resolve("run"),
            SupervisorConfig.of("web", List.of("sh", "-c", script))
                .withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ALWAYS)
                        .withBackoff(Backoff.fixed(Duration.ofSeconds(3))))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withEnvironment(java.util.Map.of("API_TOKEN", secret), true)
                .withLogs(LogSettings.in(tmp.resolve("logs"))));
  }

  private void startConsole(Optional<Path> operatorToken, Optional<Path> viewerToken) {
    consoleService = ConsoleFixture.loopback(tmp.resolve("run"), operatorToken, viewerToken);
    console = ConsoleFixture.host(consoleService);
    browser = chromium();
  }

  private static WebDriver chromium() {
    return Chromium.start(1280, 800);
  }

  @AfterEach
  void stop() throws Exception {
    Chromium.quit(browser);
    ConsoleFixture.stop(console);
    supervisor.close();
  }

  private String url() {
    return "http://127.0.0.1:" + consoleService.port() + "/";
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private By row(String state) {
    return By.cssSelector("tr[data-service='web'][data-state='" + state + "']");
  }

  /** POSTs from the page itself (its cookie is sent), with or without a CSRF token. */
  private long postFromPage(String path, String csrf) {
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "const headers = arguments[1] ? {'X-CSRF-Token': arguments[1]} : {};"
                    + "fetch(arguments[0], {method: 'POST', headers}).then(r => done(r.status));",
                path,
                csrf);
    return (Long) status;
  }

  /** What the console's audit logger wrote during the test. */
  private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>
      audit = new ch.qos.logback.core.read.ListAppender<>();

  private List<String> auditLines() {
    return audit.list.stream().map(e -> e.getFormattedMessage()).toList();
  }

  @BeforeEach
  void listenToTheAuditLog() {
    var logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.svc4j.console.audit");
    audit.start();
    logger.addAppender(audit);
  }

  @Test
  void operatorSeesACrashAndBackoffRestartsWithTheButtonAndReadsAFreshLogLine() throws Exception {
    startConsole(Optional.empty(), Optional.empty());
    browser.get(url());
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("RUNNING")));
    long first = supervisor.status().pid();
    assertThat(
            browser
                .findElement(By.cssSelector("tr[data-service='web'] td[data-key='pid']"))
                .getText())
        .isEqualTo(String.valueOf(first));

    // A real kill: the page shows BACKOFF, then RUNNING again with a new pid and one restart.
    ProcessHandle.of(first).orElseThrow().destroyForcibly();
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("BACKOFF")));
    screenshot("console-backoff.png");
    waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(row("RUNNING")));
    long second = supervisor.status().pid();
    assertThat(second).isNotEqualTo(first);
    waitUpTo(5)
        .until(
            ExpectedConditions.textToBe(
                By.cssSelector("tr[data-service='web'] td[data-key='exit']"), "137"));

    // The restart button, confirmed in the dialog.
    browser
        .findElement(By.cssSelector("tr[data-service='web'] button[data-action='restart']"))
        .click();
    waitUpTo(5).until(ExpectedConditions.alertIsPresent()).accept();
    waitUpTo(30)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("message"), "restart web: restarted"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                supervisor.status().state() == ChildState.RUNNING
                    && supervisor.status().pid() != second);

    // The live log: a line the child prints now appears.
    browser.findElement(By.cssSelector("tr[data-service='web'] a.log-link")).click();
    waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("log-lines")));
    String word = UUID.randomUUID().toString();
    Files.writeString(tmp.resolve("go"), word);
    waitUpTo(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("log-lines"), "fresh " + word));
    screenshot("console.png");

    // Reload: the child gets its SIGHUP and says so in the log.
    browser
        .findElement(By.cssSelector("tr[data-service='web'] button[data-action='reload']"))
        .click();
    waitUpTo(5).until(ExpectedConditions.alertIsPresent()).accept();
    waitUpTo(20)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("message"), "reload web: reloaded"));
    waitUpTo(10)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-lines"), "reloaded"));

    // No secret reaches the browser: not the child's environment, not its log file's path.
    String api =
        (String)
            ((JavascriptExecutor) browser)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/services').then(r => r.text()).then(done);");
    assertThat(api)
        .contains("\"name\":\"web\"")
        .doesNotContain(secret)
        .doesNotContain(tmp.toString());
    assertThat(browser.getPageSource()).doesNotContain(secret);

    // An action without the CSRF token is refused, and nothing happens.
    long third = supervisor.status().pid();
    assertThat(postFromPage("/api/services/web/restart", null)).isEqualTo(403);
    assertThat(postFromPage("/api/services/web/restart", "0123abcd")).isEqualTo(403);
    assertThat(supervisor.status().pid()).isEqualTo(third);
    assertThat(auditLines())
        .contains(
            "console: restart web by OPERATOR from 127.0.0.1", "console: restart web: restarted")
        .contains("console: restart web refused: missing or wrong CSRF token, from 127.0.0.1");
  }

  @Test
  void theReadOnlyRoleSeesButCannotActAndAWrongTokenIsRefused() throws Exception {
    Path operator = token("operator-token", "op-" + UUID.randomUUID());
    String viewerSecret = "view-" + UUID.randomUUID();
    Path viewer = token("viewer-token", viewerSecret);
    startConsole(Optional.of(operator), Optional.of(viewer));

    browser.get(url());
    browser.findElement(By.id("token")).sendKeys("not-the-token-at-all");
    browser.findElement(By.id("login")).click();
    waitUpTo(5).until(ExpectedConditions.textToBe(By.id("problem"), "wrong token"));

    browser.get(url());
    browser.findElement(By.id("token")).sendKeys(viewerSecret);
    browser.findElement(By.id("login")).click();
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(row("RUNNING")));
    assertThat(browser.findElement(By.id("role")).getText()).isEqualTo("role: viewer");
    assertThat(browser.findElements(By.cssSelector("button[data-action]"))).isEmpty();
    screenshot("console-viewer.png");

    // Even with the session's own CSRF token, the viewer's action is refused.
    long pid = supervisor.status().pid();
    String csrf =
        browser.findElement(By.cssSelector("meta[name='csrf']")).getDomAttribute("content");
    assertThat(postFromPage("/api/services/web/restart", csrf)).isEqualTo(403);
    assertThat(supervisor.status().pid()).isEqualTo(pid);
    assertThat(auditLines())
        .contains(
            "console login refused from 127.0.0.1",
            "console login as VIEWER from 127.0.0.1",
            "console: restart web refused: read-only role of VIEWER, from 127.0.0.1");
  }

  @Test
  void aRequestForAnotherHostNameIsRefused() throws Exception {
    startConsole(Optional.empty(), Optional.empty());
    // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
    try (var socket =
        new java.net.Socket(InetAddress.getLoopbackAddress(), consoleService.port())) {
      socket
          .getOutputStream()
          .write(
              "GET /api/services HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 421");
    }
  }

  @Test
  void aNonLoopbackBindIsRefusedWithOneLine() throws Exception {
    assertThatThrownBy(
            () ->
                new ConsoleOptions(
                    InetAddress.getByName("0.0.0.0"), 9470, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--bind 0.0.0.0 is not a loopback address")
        .hasMessageNotContaining("\n");
  }

  private Path token(String file, String value) throws Exception {
    Path p = tmp.resolve(file);
    Files.writeString(p, value);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  private void screenshot(String name) throws Exception {
    Chromium.screenshot(browser, name);
  }
}
