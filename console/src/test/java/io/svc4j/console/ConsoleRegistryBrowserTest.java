package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.testing.RunningRegistry;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.ServiceState;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The registry view in Debian's chromium against a real registry (the shared {@link
 * RunningRegistry}): instances appear with their status, the heartbeat age grows and falls back
 * with a heartbeat, a status change shows, and an evicted or deregistered instance leaves the page.
 */
class ConsoleRegistryBrowserTest {

  @TempDir Path tmp;
  private RunningRegistry registry;
  private ServiceController console;
  private ConsoleService consoleService;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    registry = RunningRegistry.loopback();
    Files.createDirectories(tmp.resolve("run"));
    consoleService =
        ConsoleFixture.loopback(tmp.resolve("run")).withRegistry(Optional.of(registry.client()));
    console = ConsoleFixture.host(consoleService);
    browser = Chromium.start(1280, 800);
  }

  @AfterEach
  void stop() throws Exception {
    Chromium.quit(browser);
    ConsoleFixture.stop(console);
    if (registry != null) {
      registry.close();
    }
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private static By instance(String id) {
    return By.cssSelector("#registry-instances tr[data-instance='api/" + id + "']");
  }

  private static By instance(String id, String status) {
    return By.cssSelector(
        "#registry-instances tr[data-instance='api/" + id + "'][data-status='" + status + "']");
  }

  private long age(String id) {
    String text =
        browser
            .findElement(
                By.cssSelector(
                    "#registry-instances tr[data-instance='api/" + id + "'] td[data-key='age']"))
            .getText();
    return Long.parseLong(text.replace(" s ago", ""));
  }

  @Test
  void instancesShowLiveWithStatusAndHeartbeatAgeAndLeaveWhenEvictedOrDeregistered()
      throws Exception {
    RegistryClient client = registry.client();
    String secret = "secret-" + UUID.randomUUID();
    browser.get("http://127.0.0.1:" + consoleService.port() + "/");
    waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("registry-empty")));

    // api-1 heartbeats once: then its 3 s lease runs out. api-2 has a long lease.
    client.register("api", "api-1", new Registration("127.0.0.1", 8081, Map.of(), 3, 1));
    client.register(
        "api", "api-2", new Registration("127.0.0.1", 8082, Map.of("token", secret), 60, 20));
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(instance("api-1", "STARTING")));
    client.heartbeat("api", "api-1", Heartbeat.of("UP"));
    client.heartbeat("api", "api-2", Heartbeat.of("UP"));
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(instance("api-1", "UP")));
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(instance("api-2", "UP")));
    assertThat(browser.findElement(By.id("registry-where")).getText())
        .isEqualTo("http://127.0.0.1:" + registry.port());
    assertThat(browser.findElement(instance("api-2")).getText()).contains("127.0.0.1:8082");
    screenshot("console-registry.png");

    // The eviction: api-1 leaves the page, and the registry really evicted it.
    waitUpTo(20).until(ExpectedConditions.numberOfElementsToBe(instance("api-1"), 0));
    assertThat(client.instances("api").instances())
        .extracting(i -> i.id())
        .containsExactly("api-2");

    // The heartbeat age grows without heartbeats and falls back with one; a status change shows.
    waitUpTo(10).until(d -> age("api-2") >= 3);
    client.heartbeat("api", "api-2", Heartbeat.of("DRAINING"));
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(instance("api-2", "DRAINING")));
    waitUpTo(5).until(d -> age("api-2") <= 1);

    // Metadata (which may hold anything) is never shown.
    assertThat(browser.getPageSource()).doesNotContain(secret);

    // Deregistered: gone at once, and the list says it is empty.
    assertThat(client.deregister("api", "api-2")).isTrue();
    waitUpTo(5).until(ExpectedConditions.numberOfElementsToBe(instance("api-2"), 0));
    waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("registry-empty")));

    // The registry goes away: the page says so instead of showing a list as if it were current.
    registry.close();
    registry = null;
    waitUpTo(10)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("registry-problem"), "is unreachable"));
  }

  @Test
  void aConsoleWithoutARegistryShowsNoRegistrySection() throws Exception {
    console.requestStop();
    console.awaitTermination();
    consoleService =
        new ConsoleService(
            new ConsoleOptions(
                InetAddress.getLoopbackAddress(), 0, Optional.empty(), Optional.empty()),
            ServiceSource.of(
                List::of, tmp.resolve("run"), name -> tmp.resolve("run").resolve(name + ".sock")));
    console = new ServiceController(consoleService, HostOptions.named("console"));
    console.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> console.state() == ServiceState.RUNNING);
    browser.get("http://127.0.0.1:" + consoleService.port() + "/");
    waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.id("registry")));
    Thread.sleep(1500); // two refreshes of the page: the section must stay hidden
    assertThat(browser.findElement(By.id("registry")).isDisplayed()).isFalse();
  }

  private void screenshot(String name) throws Exception {
    Chromium.screenshot(browser, name);
  }
}
