package io.svc4j.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.testing.RunningRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's registry integration with the real example as its own JVM, configured only by
 * SVC4J_REGISTRY_* variables: UP once ready with its figures, DRAINING as soon as SIGTERM starts
 * the stop (while a request is still in flight), deregistered when it exits.
 */
class RegistryHostTest {

  @TempDir Path dir;
  private RunningRegistry registry;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = RunningRegistry.loopback();
  }

  @AfterEach
  void stopRegistry() throws Exception {
    registry.close();
  }

  @Test
  void registersWhenReadyDrainsOnStopAndDeregistersOnExit() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI url = registry.url();
    RegistryClient client = registry.client();
    List<Change> changes = new CopyOnWriteArrayList<>();
    Thread watcher =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    client.streamEvents(Optional.of("hello"), 0, c -> changes.add(c));
                  } catch (Exception e) {
                    // the registry stops at the end
                  }
                });
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                classpath,
                HelloHttpService.class.getName(),
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out").toFile());
    pb.environment().remove("NOTIFY_SOCKET");
    pb.environment().remove("INVOCATION_ID");
    pb.environment().put("SVC4J_REGISTRY_URL", url.toString());
    pb.environment().put("SVC4J_REGISTRY_SERVICE", "hello");
    pb.environment().put("SVC4J_REGISTRY_ADDRESS", "127.0.0.1");
    pb.environment().put("SVC4J_REGISTRY_PORT", Integer.toString(port));
    pb.environment().put("SVC4J_REGISTRY_METADATA", "version=1.0,zone=test");
    pb.environment().put("SVC4J_REGISTRY_HEARTBEAT", "1");
    pb.environment().put("SVC4J_REGISTRY_TTL", "5");
    Process p = pb.start();
    try {
      Instance up =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> client.instances("hello").instances().stream().findFirst().orElse(null),
                  i -> i != null && i.status().equals("UP") && i.rssBytes() != null);
      assertThat(up.id()).isEqualTo("127.0.0.1-" + port);
      assertThat(up.port()).isEqualTo(port);
      assertThat(up.metadata()).containsEntry("version", "1.0").containsEntry("zone", "test");
      assertThat(up.rssBytes()).isGreaterThan(10L * 1024 * 1024);

      // Slow requests keep the stop in its drain; the registry must say DRAINING meanwhile. They
      // are spread over two seconds before the stop so that some are surely in flight.
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<HttpResponse<String>>> slow = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        slow.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slow?ms=8000"))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
        Thread.sleep(300);
      }
      p.destroy(); // SIGTERM
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  client.instances("hello").instances().stream()
                      .anyMatch(i -> i.status().equals("DRAINING")));
      assertThat(p.isAlive()).as("DRAINING is sent before the drain ends").isTrue();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(dir.resolve("out"));
      assertThat(out)
          .as("precondition: the stop had requests to drain")
          .containsPattern("draining [1-8] in-flight requests");
      assertThat(slow.stream().filter(f -> f.join().statusCode() == 200).count())
          .as(out)
          .isPositive();
      assertThat(p.exitValue()).as(out).isZero();
      // Deregistered on exit: gone at once, not after its TTL.
      assertThat(client.instances("hello").instances())
          .as(Files.readString(dir.resolve("out")))
          .isEmpty();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(changes)
                      .extracting(c -> c.type() + " " + c.instance().status())
                      .containsExactly(
                          "REGISTER STARTING",
                          "STATUS UP",
                          "STATUS DRAINING",
                          "DEREGISTER DRAINING"));
    } finally {
      p.destroyForcibly();
      watcher.interrupt();
    }
  }
}
