package io.svc4j.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven by Debian's chromedriver (both installed by bin/install-test-deps), the
 * one way every browser test of the console opens its page.
 */
public final class Chromium {

  private Chromium() {}

  /**
   * Headless, no sandbox (the tests run as root), a window of the given size, plus {@code more}.
   */
  static ChromeOptions options(int width, int height, String... more) {
    var options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height);
    options.addArguments(more);
    return options;
  }

  static ChromeDriver start(ChromeOptions options) {
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  public static ChromeDriver start(int width, int height) {
    return start(options(width, height));
  }

  /** With -Dsvc4j.screenshots=DIR (how docs/console*.png were made), saves the page there. */
  static void screenshot(WebDriver browser, String name) throws IOException {
    String dir = System.getProperty("svc4j.screenshots");
    if (dir != null) {
      byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
      Files.write(Path.of(dir).resolve(name), png);
    }
  }

  /** Ends a browser that {@link #start} gave, if it got that far. */
  public static void quit(WebDriver browser) {
    if (browser != null) {
      browser.quit();
    }
  }
}
