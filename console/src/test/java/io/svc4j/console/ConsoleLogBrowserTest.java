package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.ServiceController;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The log view in Debian's chromium against a real supervisor whose child writes stdout and stderr
 * into files that rotate every 2 KiB and are gzipped: load earlier back to the first kept line,
 * stderr, search through the rotated files, the filter, and no log path anywhere.
 */
class ConsoleLogBrowserTest {

  private static final int LINES = 1000;

  @TempDir Path tmp;
  private Supervisor supervisor;
  private ServiceController console;
  private ConsoleService consoleService;
  private WebDriver browser;

  @BeforeEach
  void superviseAChattyChild() throws Exception {
    Path go = tmp.resolve("go");
    String script =
        "i=1; while [ $i -le "
            + LINES
            + " ]; do echo \"out line $i\"; echo \"err line $i\" >&2; i=$((i+1));"
            // in bursts, so that the supervisor reads (and rotates) between them
            + " if [ $((i % 50)) -eq 0 ]; then sleep 0.05; fi; done;"
            + " while true; do if [ -s '"
            + go
            + "' ]; then echo \"fresh $(cat '"
            + go
            + "')\"; rm -f '"
            + go
            + "'; fi; sleep 0.1; done";
    supervisor =
        ConsoleFixture.supervised(
            tmp.resolve("run"),
            SupervisorConfig.of("chatty", List.of("sh", "-c", script))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(tmp.resolve("logs")).withRotation(2048, 20, true)));
    // Every line written and the rotated files compressed.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Files.exists(tmp.resolve("logs/chatty.err.log.3.gz"))
                    && Files.readString(tmp.resolve("logs/chatty.out.log"))
                        .contains("out line " + LINES + "\n"));
    consoleService = ConsoleFixture.loopback(tmp.resolve("run"));
    console = ConsoleFixture.host(consoleService);
    browser = Chromium.start(1280, 900);
  }

  @AfterEach
  void stop() throws Exception {
    Chromium.quit(browser);
    ConsoleFixture.stop(console);
    supervisor.close();
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private List<String> shownLines() {
    return browser.findElements(By.cssSelector("#log-lines div")).stream()
        .filter(WebElement::isDisplayed)
        .map(WebElement::getText)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> allLines() {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('#log-lines div')].map(d => d.textContent);");
  }

  @Test
  void loadsEarlierLinesBackThroughGzippedRotationsSearchesFiltersAndShowsStderr()
      throws Exception {
    browser.get("http://127.0.0.1:" + consoleService.port() + "/");
    waitUpTo(10)
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.log-link")))
        .click();
    waitUpTo(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("log-lines"), "out line " + LINES));
    Select streams = new Select(browser.findElement(By.id("log-stream")));
    assertThat(streams.getOptions().stream().map(WebElement::getText))
        .containsExactly("stdout", "stderr");
    // The live tail starts with the last lines only (the current file, at most 8 KiB).
    assertThat(allLines().get(0)).isNotEqualTo("out line 1");

    // "load earlier" until the beginning: every kept line, in order, from the gzipped files too.
    WebElement earlier = browser.findElement(By.id("log-earlier"));
    for (int pages = 0; !earlier.getText().equals("beginning of the log"); pages++) {
      assertThat(pages).isLessThan(100);
      int before = allLines().size();
      earlier.click();
      waitUpTo(10)
          .until(
              d ->
                  earlier.getText().equals("beginning of the log")
                      || (earlier.isEnabled() && allLines().size() > before));
    }
    assertThat(earlier.getText()).isEqualTo("beginning of the log");
    List<String> all = allLines();
    int firstKept = Integer.parseInt(all.get(0).substring("out line ".length()));
    List<String> expected =
        java.util.stream.IntStream.rangeClosed(firstKept, LINES)
            .mapToObj(i -> "out line " + i)
            .toList();
    assertThat(all).isEqualTo(expected);
    assertThat(firstKept).isLessThan(LINES / 2); // far beyond the current file

    // Live lines still arrive below the loaded ones.
    String word = UUID.randomUUID().toString();
    Files.writeString(tmp.resolve("go"), word);
    waitUpTo(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("log-lines"), "fresh " + word));

    // The filter hides what does not match, in the lines shown.
    browser.findElement(By.id("log-filter")).sendKeys("LINE 12");
    waitUpTo(5).until(d -> shownLines().size() < 20);
    assertThat(shownLines()).isNotEmpty().allMatch(l -> l.contains("line 12"));
    browser.findElement(By.id("log-filter")).clear();
    browser.findElement(By.id("log-filter")).sendKeys(" ");
    browser.findElement(By.id("log-filter")).clear();

    // Search through every kept file of stderr: the matches, with the file each is in.
    streams.selectByVisibleText("stderr");
    waitUpTo(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("log-lines"), "err line " + LINES));
    browser.findElement(By.id("log-query")).sendKeys("ERR LINE 9");
    browser.findElement(By.id("log-search-go")).click();
    waitUpTo(20)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("log-search-status"), "matching"));
    List<String> matches =
        browser.findElements(By.cssSelector("#log-matches .match")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(matches).isNotEmpty().allMatch(m -> m.contains("err line 9"));
    assertThat(matches).anyMatch(m -> m.startsWith("rotated")); // found in gzipped files
    // err line 9, 90-99 and 900-999 where still kept, oldest first: the last one is the newest
    assertThat(matches.get(matches.size() - 1)).endsWith("err line 999");
    screenshot("console-logs.png");

    // No path of a log file anywhere: page, API answers, cursors.
    String api =
        (String)
            ((JavascriptExecutor) browser)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + "Promise.all(['/api/services', '/api/services/chatty/logs/streams',"
                        + " '/api/services/chatty/logs/search?stream=stderr&q=line',"
                        + " '/api/services/chatty/logs/earlier?stream=stdout&cursor=bm9wZQ']"
                        + ".map(u => fetch(u).then(r => r.text()))).then(t => done(t.join('\\n')));");
    assertThat(api)
        .contains("err line")
        .doesNotContain(tmp.toString())
        .doesNotContain("chatty.err.log");
    assertThat(browser.getPageSource()).doesNotContain(tmp.toString());
  }

  private void screenshot(String name) throws Exception {
    Chromium.screenshot(browser, name);
  }
}
