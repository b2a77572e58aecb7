package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Logging in through the users file in a real browser (Debian's chromium through Selenium), over
 * HTTPS with a self-signed certificate made by keytool (chromium is told to accept it with {@code
 * --ignore-certificate-errors}; the certificate itself is checked by ConsoleAccessTest).
 */
class ConsoleLoginBrowserTest {

  private static final String ALICE = "alice-password-in-the-browser";
  private static final String BOB = "bob-password-in-the-browser";

  @TempDir Path tmp;
  private Supervisor supervisor;
  private ConsoleServer console;
  private WebDriver browser;
  private SelfSigned cert;

  @BeforeEach
  void start() throws Exception {
    supervisor =
        ConsoleFixture.supervised(
            tmp.resolve("run"),
            SupervisorConfig.of("web", List.of("sh", "-c", "while true; do sleep 1; done"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO)));

    cert = SelfSigned.create(tmp, "console", "EC", "dns:localhost,ip:127.0.0.1");
    Path users = tmp.resolve("users");
    // alice's line is what svc4j console hash-password prints (600 000 iterations).
    Files.writeString(
        users,
        UsersFile.line("alice", Role.OPERATOR, ALICE.toCharArray())
            + "\nbob:viewer:"
            + PasswordHash.create(BOB.toCharArray(), PasswordHash.MIN_ITERATIONS).encode()
            + "\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-------"));
    console =
        ConsoleServer.start(
            new ConsoleOptions(
                InetAddress.getLoopbackAddress(),
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.of(users),
                Optional.of(cert.files()),
                List.of()),
            ConsoleFixture.source(tmp.resolve("run")));

    browser = Chromium.start(Chromium.options(1280, 800, "--ignore-certificate-errors"));
  }

  @AfterEach
  void stop() {
    Chromium.quit(browser);
    if (console != null) {
      console.close();
    }
    supervisor.close();
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private void logIn(String user, String password) {
    browser.get("https://127.0.0.1:" + console.port() + "/");
    browser.findElement(By.id("user")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login")).click();
  }

  private void screenshot(String name) throws Exception {
    Chromium.screenshot(browser, name);
  }

  private static final By RUNNING = By.cssSelector("tr[data-service='web'][data-state='RUNNING']");

  @Test
  void anOperatorLogsInWithUserAndPasswordOverHttpsAndAViewerCannotAct() throws Exception {
    logIn("alice", "not alice's password");
    waitUpTo(10).until(ExpectedConditions.textToBe(By.id("problem"), "wrong user or password"));
    screenshot("console-login.png");
    assertThat(browser.findElements(By.id("services"))).isEmpty();

    logIn("alice", ALICE);
    waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(RUNNING));
    assertThat(browser.findElement(By.id("role")).getText()).isEqualTo("role: operator");
    assertThat(browser.findElements(By.cssSelector("button[data-action]"))).isNotEmpty();
    Cookie session = browser.manage().getCookieNamed(Sessions.COOKIE);
    assertThat(session.isSecure()).isTrue();
    assertThat(session.isHttpOnly()).isTrue();

    // An action from the HTTPS page passes the CSRF and Origin checks (Origin https://...).
    long before = supervisor.status().pid();
    browser
        .findElement(By.cssSelector("tr[data-service='web'] button[data-action='restart']"))
        .click();
    waitUpTo(5).until(ExpectedConditions.alertIsPresent()).accept();
    waitUpTo(30)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("message"), "restart web: restarted"));
    assertThat(supervisor.status().pid()).isNotEqualTo(before);

    // Log out: back at the login page, and the old cookie no longer works on the server.
    browser.findElement(By.id("logout")).click();
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
    var old =
        java.net.http.HttpClient.newBuilder()
            .sslContext(cert.trust())
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "https://127.0.0.1:" + console.port() + "/api/services"))
                    .header("Cookie", Sessions.COOKIE + "=" + session.getValue())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(old.statusCode()).isEqualTo(401);

    logIn("bob", BOB);
    waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(RUNNING));
    assertThat(browser.findElement(By.id("role")).getText()).isEqualTo("role: viewer");
    assertThat(browser.findElements(By.cssSelector("button[data-action]"))).isEmpty();
    long pid = supervisor.status().pid();
    String csrf =
        browser.findElement(By.cssSelector("meta[name='csrf']")).getDomAttribute("content");
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/services/web/restart', {method: 'POST',"
                    + " headers: {'X-CSRF-Token': arguments[0]}}).then(r => done(r.status));",
                csrf);
    assertThat((Long) status).isEqualTo(403L);
    assertThat(supervisor.status().pid()).isEqualTo(pid);
  }
}
