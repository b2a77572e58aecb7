package io.svc4j.console.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.console.Chromium;
import io.svc4j.console.ConsoleFixture;
import io.svc4j.console.ConsoleService;
import io.svc4j.runtime.ServiceController;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.logs.ThrowawayAccounts;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console runs as root and serves log contents to viewers. A service logs to {@code
 * varlog/svc4j/web}, where {@code varlog} is {@code root:GROUP 0775} like Ubuntu's {@code /var/log}
 * (which the supervisor accepts). A real member of that throwaway system group then swaps {@code
 * svc4j} for a tree of their own that leads to a root-only secret ({@code 0600 root}, standing in
 * for {@code /etc/shadow}). The console's log API (tail, search, load earlier), asked by a viewer
 * over HTTP, never shows a byte of it and says why in one line that names no path; the page (in
 * Debian's chromium) shows that line.
 */
class LogViewSwapAttackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUSED =
      "the log of web is not shown: someone other than root can change the place it is read from,"
          + " and could make the console show another file; the console's log says where and how"
          + " to fix it";

  private static ThrowawayAccounts accounts;

  @TempDir Path tmp;
  private Path varLog;
  private Path secrets;
  private String secret;
  private Supervisor supervisor;
  private ServiceController console;
  private ConsoleService consoleService;
  private final HttpClient client =
      HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

  /** What the member puts where {@code varlog/svc4j} was. */
  enum Swap {
    /** A directory of their own with {@code web/web.out.log} a link to the secret. */
    OWN_TREE_WITH_A_LINK_AS_THE_FILE,
    /** A directory of their own with {@code web} a link to a root-only directory. */
    OWN_TREE_WITH_A_LINK_AS_THE_LOG_DIRECTORY,
    /** A link to a root-only tree with {@code web/web.out.log} in it. */
    A_LINK_TO_A_ROOT_ONLY_TREE
  }

  @BeforeAll
  static void accounts() throws Exception {
    accounts = ThrowawayAccounts.create();
  }

  @AfterAll
  static void removeAccounts() throws Exception {
    if (accounts != null) {
      accounts.close();
    }
  }

  @BeforeEach
  void superviseIntoAGroupWritableVarLog() throws Exception {
    varLog = accounts.varLogLike(tmp, "varlog");
    secret = "SECRET-" + UUID.randomUUID();
    secrets = Files.createDirectory(tmp.resolve("root-only"));
    chmod(secrets, "rwx------");
    Path shadow = Files.writeString(secrets.resolve("shadow"), secret + "\n");
    Path named =
        Files.writeString(
            Files.createDirectory(secrets.resolve("web")).resolve("web.out.log"), secret + "\n");
    chmod(shadow, "rw-------");
    chmod(named, "rw-------");

    Path logs = varLog.resolve("svc4j").resolve("web");
    supervisor =
        ConsoleFixture.supervised(
            tmp.resolve("run"),
            SupervisorConfig.of("web", List.of("sh", "-c", "echo real line; exec sleep 600"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(logs)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.readString(logs.resolve("web.out.log")).contains("real line"));
    consoleService = ConsoleFixture.loopback(tmp.resolve("run"));
    console = ConsoleFixture.host(consoleService);
    assertThat(get("/").statusCode()).isEqualTo(200); // the loopback session cookie
  }

  @AfterEach
  void stop() throws Exception {
    if (console != null) {
      console.requestStop();
      console.awaitTermination();
    }
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consoleService.port() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The live tail's events until it ends, shows a line, or leaks: at most 10 s. */
  private String tail() throws Exception {
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + consoleService.port()
                            + "/api/services/web/logs?stream=stdout"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    var got = new ByteArrayOutputStream();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (InputStream in = response.body()) {
                    byte[] b = new byte[8192];
                    int n;
                    while ((n = in.read(b)) > 0) {
                      synchronized (got) {
                        got.write(b, 0, n);
                      }
                    }
                  } catch (java.io.IOException e) {
                    // closed below
                  }
                });
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                synchronized (got) {
                  String text = got.toString(StandardCharsets.UTF_8);
                  return !reader.isAlive()
                      || text.contains(secret)
                      || text.contains("data: real line");
                }
              });
    } finally {
      response.body().close();
    }
    synchronized (got) {
      return got.toString(StandardCharsets.UTF_8);
    }
  }

  private void swap(Swap swap) throws Exception {
    Path svc4j = varLog.resolve("svc4j");
    String moveAway = "mv '" + svc4j + "' '" + svc4j + ".old'; ";
    accounts.asAttacker(
        moveAway
            + switch (swap) {
              case OWN_TREE_WITH_A_LINK_AS_THE_FILE ->
                  "mkdir -p '"
                      + svc4j.resolve("web")
                      + "'; ln -s '"
                      + secrets.resolve("shadow")
                      + "' '"
                      + svc4j.resolve("web/web.out.log")
                      + "'";
              case OWN_TREE_WITH_A_LINK_AS_THE_LOG_DIRECTORY ->
                  "mkdir '"
                      + svc4j
                      + "'; ln -s '"
                      + secrets.resolve("web")
                      + "' '"
                      + svc4j.resolve("web")
                      + "'";
              case A_LINK_TO_A_ROOT_ONLY_TREE -> "ln -s '" + secrets + "' '" + svc4j + "'";
            });
  }

  @ParameterizedTest
  @EnumSource(Swap.class)
  void aMemberWhoSwapsTheLogTreeNeverGetsTheConsoleToShowARootOnlyFile(Swap swap) throws Exception {
    // The Ubuntu-like layout itself is read: the real lines.
    String cursor = LogCursor.at("", new byte[0], 0).encode();
    HttpResponse<String> before = get("/api/services/web/logs/search?stream=stdout&q=line");
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    assertThat(before.body()).contains("real line");
    assertThat(tail()).contains("data: real line");

    swap(swap);

    for (String path :
        List.of(
            "/api/services/web/logs/search?stream=stdout&q=SECRET",
            "/api/services/web/logs/earlier?stream=stdout&cursor=" + cursor)) {
      HttpResponse<String> answer = get(path);
      assertThat(answer.body()).as(path).doesNotContain(secret);
      assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(403);
      assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo(REFUSED);
    }
    String events = tail();
    assertThat(events).doesNotContain(secret);
    assertThat(events).isEqualTo(": tail\n\nevent: refused\ndata: " + REFUSED + "\n\n");

    // The page shows that line in the log view, and nothing of the secret.
    WebDriver browser = Chromium.start(1280, 900);
    try {
      browser.get("http://127.0.0.1:" + consoleService.port() + "/");
      var wait = new WebDriverWait(browser, Duration.ofSeconds(15));
      wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.log-link"))).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-lines"), REFUSED));
      assertThat(browser.getPageSource()).doesNotContain(secret);
    } finally {
      Chromium.quit(browser);
    }
  }
}
