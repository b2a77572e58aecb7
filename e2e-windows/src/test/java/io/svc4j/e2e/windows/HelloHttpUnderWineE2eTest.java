package io.svc4j.e2e.windows;

import static io.svc4j.e2e.windows.WineSession.fields;
import static io.svc4j.e2e.windows.WineSession.windowsPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example HTTP daemon (dist/hello-http.jar, which embeds svc4j) as a real service of Wine's
 * SCM, answering HTTP on the Linux side, and stopping gracefully while requests are in flight.
 */
class HelloHttpUnderWineE2eTest {

  private static WineSession wine;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startWine() throws Exception {
    wine = WineSession.start();
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      wine.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void exampleDaemonServesHttpAndDrainsOnStop() throws Exception {
    Path jar = Path.of(System.getProperty("svc4j.dist.dir"), "hello-http.jar");
    assertThat(jar).as("build the example first (mvn install builds it)").exists();
    String name = "svc4j-e2e-hello";
    int port = freePort();
    try {
      wine.call("uninstall", name, "60"); // leftovers of an aborted run
    } catch (WineSession.AgentError notInstalled) {
      // the normal case
    }
    wine.call(
        "install-command",
        name,
        windowsPath(wine.java),
        "-XX:-PrintWarnings",
        // Wine lacks GetAnycastIpAddressTable: with IPv6 on, Selector.open() checks the loopback
        // address through NetworkInterface and the JVM crashes. Test-only, like the security file.
        "-Djava.net.preferIPv4Stack=true",
        "-Djava.security.properties=" + windowsPath(wine.classes.resolve("wine.java.security")),
        "-jar",
        windowsPath(jar),
        "--port",
        Integer.toString(port));

    assertThat(fields(wine.call("start", name, "180"))).containsEntry("state", "RUNNING");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get(port, "/healthz").statusCode() == 200);
    assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

    assertThatThrownBy(() -> wine.call("pause", name, "30"))
        .hasMessageContaining("does not support pause and resume");

    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inFlight.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slow?ms=3000"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(1000); // let the server accept them before the stop arrives

    Map<String, String> stopped = fields(wine.call("stop", name, "120"));

    assertThat(stopped).containsEntry("state", "STOPPED").containsEntry("exit", "0");
    for (CompletableFuture<HttpResponse<String>> response : inFlight) {
      assertThat(response.join().statusCode()).as("an accepted request completes").isEqualTo(200);
    }
    assertThatThrownBy(() -> get(port, "/healthz")).as("the port is closed").isNotNull();

    wine.call("uninstall", name, "60");
    assertThat(wine.call("status", name)).startsWith("state=NOT_INSTALLED");
    assertThat(fields(wine.call("eventsource", name))).containsEntry("exists", "false");
  }
}
