package io.svc4j.console.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.console.ConsoleFixture;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.testing.RunningRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the console ends its registry view's reading and event-stream threads and closes the
 * stream's connection and its HTTP client (whose own thread would otherwise live on), while the
 * registry stays up and sends no event: the registry stops counting the console as a watcher.
 */
class RegistryViewStopTest {

  private static final Pattern STREAMS =
      Pattern.compile("svc4j_registry_watchers\\{kind=\"stream\",?\\} ([0-9.]+)");

  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();
  private RunningRegistry registry;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = RunningRegistry.loopback();
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private double streams() throws Exception {
    String metrics =
        http.send(
                HttpRequest.newBuilder(registry.url().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m = STREAMS.matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private int registryReady() throws Exception {
    return http.send(
            HttpRequest.newBuilder(registry.url().resolve("/readyz")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /**
   * The selector threads of the JDK HTTP clients alive now: one per client, as long as it is open
   * (platform threads, so listed; their pooled workers idle on for a while and are not counted).
   */
  private static Set<Thread> httpClientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("HttpClient-"))
        .filter(t -> t.getName().endsWith("-SelectorManager"))
        .collect(Collectors.toSet());
  }

  @Test
  void closeEndsTheViewsThreadsWhileTheRegistryStaysUp() throws Exception {
    RegistryView view = RegistryView.start(registry.client());
    await().atMost(Duration.ofSeconds(10)).until(() -> streams() == 1.0);
    assertThat(view.threadsAlive()).isTrue();

    view.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> !view.threadsAlive());
    assertThat(registryReady()).as("the registry is still up").isEqualTo(200);
  }

  @Test
  void theConsolesStopClosesTheEventStreamAndItsClient() throws Exception {
    Set<Thread> before = httpClientThreads();
    RegistryClient client = registry.client();
    var console =
        ConsoleFixture.host(ConsoleFixture.loopback(tmp).withRegistry(Optional.of(client)));
    await().atMost(Duration.ofSeconds(10)).until(() -> streams() == 1.0);
    assertThat(httpClientThreads()).as("the console's registry client").isNotEqualTo(before);

    console.requestStop();
    console.awaitTermination();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(httpClientThreads())
                    .as("no HTTP client thread of the console is left")
                    .isSubsetOf(before));
    assertThat(registryReady()).as("the registry is still up").isEqualTo(200);
    // The registry notices the closed connection when it next writes to it (a keepalive every
    // 15 s; a first write after the close may still succeed, the next fails): no event is needed.
    await().atMost(Duration.ofSeconds(60)).until(() -> streams() == 0.0);
  }
}
