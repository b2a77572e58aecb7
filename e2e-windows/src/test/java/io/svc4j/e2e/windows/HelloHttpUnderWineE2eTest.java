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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example HTTP daemon (dist/hello-http.jar, which embeds svc4j) installed and controlled
 * through the CLI (dist/svc4j.jar), both running in Wine's Windows JVM, as a real service of Wine's
 * SCM answering HTTP on the Linux side and stopping gracefully while requests are in flight.
 */
class HelloHttpUnderWineE2eTest {

  private static WineSession wine;
  private static Path dist;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startWine() throws Exception {
    dist = Path.of(System.getProperty("svc4j.dist.dir"));
    assertThat(dist.resolve("svc4j.jar")).as("build the CLI first (mvn install)").exists();
    assertThat(dist.resolve("hello-http.jar")).as("build the example first").exists();
    wine = WineSession.start();
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      wine.close();
    }
  }

  private static WineSession.Run svc4j(String... args) throws Exception {
    return wine.javaJar(dist.resolve("svc4j.jar"), args);
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
  void exampleDaemonInstalledByTheCliServesHttpAndDrainsOnStop() throws Exception {
    String name = "svc4j-e2e-hello";
    int port = freePort();
    svc4j("uninstall", name); // leftovers of an aborted run; fails harmlessly otherwise

    WineSession.Run install =
        svc4j(
            "install",
            "--name",
            name,
            "--description",
            "hello-http under Wine",
            "--direct",
            "--",
            windowsPath(wine.java),
            "-XX:-PrintWarnings",
            // Wine lacks GetAnycastIpAddressTable: with IPv6 on, Selector.open() checks the
            // loopback address through NetworkInterface and the JVM crashes. Test-only, like the
            // security file.
            "-Djava.net.preferIPv4Stack=true",
            "-Djava.security.properties=" + windowsPath(wine.classes.resolve("wine.java.security")),
            "-jar",
            windowsPath(dist.resolve("hello-http.jar")),
            "--port",
            Integer.toString(port));
    assertThat(install.exitCode()).as(install.output()).isZero();
    assertThat(fields(wine.call("readback", name)).get("binpath"))
        .startsWith("\"" + windowsPath(wine.java) + "\" -Xrs ");

    WineSession.Run start = svc4j("start", name, "--timeout", "180s");
    assertThat(start.exitCode()).as(start.output()).isZero();
    WineSession.Run status = svc4j("status", name);
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("RUNNING");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get(port, "/healthz").statusCode() == 200);
    assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

    WineSession.Run pause = svc4j("pause", name);
    assertThat(pause.exitCode()).as(pause.output()).isNotZero();
    assertThat(pause.output()).contains("does not support pause and resume");

    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inFlight.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slow?ms=15000"))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(1000); // let the server accept them; the CLI's JVM takes seconds to start anyway

    assertThat(inFlight).as("still in flight when the stop is sent").noneMatch(f -> f.isDone());
    WineSession.Run stop = svc4j("stop", name, "--timeout", "120s");
    assertThat(stop.exitCode()).as(stop.output()).isZero();
    for (CompletableFuture<HttpResponse<String>> response : inFlight) {
      assertThat(response.join().statusCode()).as("an accepted request completes").isEqualTo(200);
    }
    WineSession.Run stopped = svc4j("status", name);
    assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
    assertThatThrownBy(() -> get(port, "/healthz")).as("the port is closed").isNotNull();

    Map<String, String> before = fields(wine.call("readback", name));
    WineSession.Run update =
        svc4j("update", name, "--description", "updated by the CLI", "--start-type", "disabled");
    assertThat(update.exitCode()).as(update.output()).isZero();
    Map<String, String> expected = new HashMap<>(before);
    expected.put("description", "updated by the CLI");
    expected.put("starttype", "4");
    assertThat(fields(wine.call("readback", name))).isEqualTo(expected);

    WineSession.Run uninstall = svc4j("uninstall", name);
    assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
    assertThat(svc4j("status", name).exitCode()).isEqualTo(4);
    assertThat(fields(wine.call("eventsource", name))).containsEntry("exists", "false");
  }
}
