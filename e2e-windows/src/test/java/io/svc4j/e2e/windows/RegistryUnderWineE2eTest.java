package io.svc4j.e2e.windows;

import static io.svc4j.e2e.windows.WineSession.windowsPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.registry.api.Instance;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.testing.RunningRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded case under Wine's SCM: dist/hello-http.jar installed as a Windows service registers
 * with a registry on the Linux side (configured by -Dsvc4j.registry.* properties, since Wine does
 * not pass a service its key's Environment): UP once RUNNING, DRAINING while the stop drains
 * requests, gone once STOPPED.
 */
class RegistryUnderWineE2eTest {

  private static WineSession wine;
  private static Path dist;
  private static RunningRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    dist = Path.of(System.getProperty("svc4j.dist.dir"));
    assertThat(dist.resolve("svc4j.jar")).as("build the CLI first (mvn install)").exists();
    assertThat(dist.resolve("hello-http.jar")).as("build the example first").exists();
    registry = RunningRegistry.loopback();
    wine = WineSession.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (wine != null) {
      wine.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aWindowsServiceIsUpWhenRunningDrainingDuringStopAndGoneAfter() throws Exception {
    String name = "svc4j-e2e-hello-reg";
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + registry.port();
    RegistryClient client = RegistryClient.of(URI.create(url));
    wine.javaJar(dist.resolve("svc4j.jar"), "uninstall", name); // leftovers of an aborted run
    WineSession.Run install =
        wine.javaJar(
            dist.resolve("svc4j.jar"),
            "install",
            "--name",
            name,
            "--direct",
            "--",
            windowsPath(wine.java),
            "-XX:-PrintWarnings",
            "-Djava.net.preferIPv4Stack=true",
            "-Djava.security.properties=" + windowsPath(wine.classes.resolve("wine.java.security")),
            "-Dsvc4j.registry.url=" + url,
            "-Dsvc4j.registry.service=hello",
            "-Dsvc4j.registry.address=127.0.0.1",
            "-Dsvc4j.registry.port=" + port,
            "-Dsvc4j.registry.heartbeat=1",
            "-Dsvc4j.registry.ttl=10",
            "-jar",
            windowsPath(dist.resolve("hello-http.jar")),
            "--port",
            Integer.toString(port));
    assertThat(install.exitCode()).as(install.output()).isZero();
    try {
      WineSession.Run start =
          wine.javaJar(dist.resolve("svc4j.jar"), "start", name, "--timeout", "180s");
      assertThat(start.exitCode()).as(start.output()).isZero();
      Instance up =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> client.instances("hello").instances().stream().findFirst().orElse(null),
                  i -> i != null && i.status().equals("UP"));
      assertThat(up.port()).isEqualTo(port);

      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        inFlight.add(
            http.sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/slow?ms=15000"))
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      Thread.sleep(1000); // let the server accept them; the CLI's JVM takes seconds to start anyway
      List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread watcher =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        var list = client.instances("hello").instances();
                        String s = list.isEmpty() ? "gone" : list.get(0).status();
                        if (seen.isEmpty() || !seen.getLast().equals(s)) {
                          seen.add(s);
                        }
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        return;
                      } catch (Exception e) {
                        // keep polling
                      }
                    }
                  });
      WineSession.Run stop =
          wine.javaJar(dist.resolve("svc4j.jar"), "stop", name, "--timeout", "120s");
      assertThat(stop.exitCode()).as(stop.output()).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("gone"));
      watcher.interrupt();
      assertThat(seen)
          .as("registry status while the Windows service stops")
          .containsSubsequence("UP", "DRAINING", "gone");
      for (var f : inFlight) {
        assertThat(f.join().statusCode()).isEqualTo(200);
      }
    } finally {
      wine.javaJar(dist.resolve("svc4j.jar"), "uninstall", name);
    }
  }
}
