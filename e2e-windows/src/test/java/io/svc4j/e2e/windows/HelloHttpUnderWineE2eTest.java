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
 * SCM answering HTTP on the Linux side, pausing (503) and continuing, and stopping gracefully while
 * requests are in flight.
 */
class HelloHttpUnderWineE2eTest {

  /** winsvc.h dwCurrentState values. */
  private static final int SERVICE_RUNNING = 4;

  private static final int SERVICE_PAUSED = 7;

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

  /**
   * SCM PAUSE through the CLI: the service reaches PAUSED and answers new requests with 503 (a
   * request already in flight completes with 200); CONTINUE: RUNNING and 200 again.
   */
  private static void pauseAnswers503AndResumeServesAgain(String name, int port) throws Exception {
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slow?ms=30000"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    WineSession.Run pause = svc4j("pause", name);
    assertThat(pause.exitCode()).as(pause.output()).isZero();
    assertThat(pause.output()).contains("Paused " + name + ": paused");
    assertThat(fields(wine.call("raw", name)).get("state"))
        .as("the SCM's own state: SERVICE_PAUSED")
        .isEqualTo(Integer.toString(SERVICE_PAUSED));
    assertThat(inFlight).as("still in flight when PAUSED").isNotDone();
    WineSession.Run paused = svc4j("status", name);
    assertThat(paused.output()).as("svc4j status while paused").contains("paused");
    HttpResponse<String> refused = get(port, "/api/hello");
    assertThat(refused.statusCode()).as("a new request while PAUSED").isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(get(port, "/readyz").statusCode()).as("/readyz while PAUSED").isEqualTo(503);
    assertThat(get(port, "/healthz").statusCode()).as("/healthz while PAUSED").isEqualTo(200);
    assertThat(inFlight.join().statusCode()).as("in flight when paused").isEqualTo(200);

    WineSession.Run resume = svc4j("resume", name);
    assertThat(resume.exitCode()).as(resume.output()).isZero();
    assertThat(resume.output()).contains("Resumed " + name + ": running");
    assertThat(fields(wine.call("raw", name)).get("state"))
        .as("the SCM's own state: SERVICE_RUNNING")
        .isEqualTo(Integer.toString(SERVICE_RUNNING));
    assertThat(get(port, "/api/hello").statusCode()).as("after resume").isEqualTo(200);
    assertThat(get(port, "/readyz").statusCode()).as("/readyz after resume").isEqualTo(200);
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

    pauseAnswers503AndResumeServesAgain(name, port);

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
