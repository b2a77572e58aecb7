package io.svc4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryAgent;
import io.svc4j.registry.client.RegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry as a real separate JVM with 100 real clients (the registry agent): the registry's
 * own SIGSTOP evicts nobody, a SIGSTOPped client is evicted on time, and after kill -9 and a
 * restart every client is registered again within one TTL.
 */
class PauseAndRestartTest {

  static final int TTL = 4;
  static final int CLIENTS = 100;

  @TempDir Path tmp;
  private final List<RegistryAgent> agents = new ArrayList<>();
  private final List<AutoCloseable> processes = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    agents.forEach(a -> a.stop(Duration.ofMillis(100)));
    for (AutoCloseable p : processes) {
      p.close();
    }
  }

  private void startAgents(URI url) {
    for (int i = 0; i < CLIENTS; i++) {
      RegistryAgent a =
          new RegistryAgent(
              new AgentSettings(
                  url,
                  Optional.empty(),
                  "load",
                  "c" + i,
                  new Registration("127.0.0.1", 9000 + i, Map.of(), TTL, 1)));
      agents.add(a);
      a.start();
    }
  }

  private static int up(RegistryClient client) {
    try {
      return (int)
          client.instances("load").instances().stream()
              .filter(i -> i.status().equals("UP"))
              .count();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void theRegistrysOwnPauseEvictsNoLiveClientButAStoppedClientGoesOnTime() throws Exception {
    int port = RegistryProcess.freePort();
    RegistryProcess registry = RegistryProcess.registry(tmp.resolve("registry.log"), port);
    processes.add(registry);
    URI url = URI.create("http://127.0.0.1:" + port);
    RegistryClient client = RegistryClient.of(url);
    startAgents(url);
    RegistryProcess frozenClient =
        RegistryProcess.java(
            tmp.resolve("client.log"),
            ClientMain.class,
            url.toString(),
            "solo",
            "frozen",
            Integer.toString(TTL));
    processes.add(frozenClient);
    await().atMost(Duration.ofSeconds(60)).until(() -> up(client) == CLIENTS);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.instances("solo").instances().size() == 1);

    String evictedBefore = evictions(metrics(url));
    // The registry freezes for 2 x TTL while all clients keep trying.
    registry.signal("STOP");
    Thread.sleep(2 * TTL * 1000L); // the pause itself is the scenario, not a synchronisation
    registry.signal("CONT");

    // For the next two TTLs every live client stays listed, continuously.
    long until = System.nanoTime() + Duration.ofSeconds(2L * TTL).toNanos();
    while (System.nanoTime() < until) {
      assertThat(up(client))
          .as("live clients listed after the registry's pause")
          .isEqualTo(CLIENTS);
      Thread.sleep(100);
    }
    assertThat(evictions(metrics(url))).as("evictions of live clients").isEqualTo(evictedBefore);

    // A client that freezes is evicted within TTL + 1 s of its last heartbeat.
    Instant last = client.instances("solo").instances().get(0).lastHeartbeat();
    frozenClient.signal("STOP");
    Instant seen = last;
    while (true) {
      ServiceInstances s = client.instances("solo");
      if (s.instances().isEmpty()) {
        break;
      }
      seen = s.instances().get(0).lastHeartbeat();
      assertThat(Duration.between(seen, Instant.now()))
          .as("still listed")
          .isLessThan(Duration.ofSeconds(TTL + 1));
      Thread.sleep(50);
    }
    Duration lag = Duration.between(seen, Instant.now());
    assertThat(lag)
        .as("gone within TTL + 1 s of its last heartbeat")
        .isLessThanOrEqualTo(Duration.ofMillis(TTL * 1000L + 1000));
    assertThat(lag)
        .as("not before its TTL")
        .isGreaterThanOrEqualTo(Duration.ofMillis(TTL * 1000L - 100));
    assertThat(client.instances("load").instances())
        .as(registry.output())
        .allMatch(i -> i.status().equals("UP"))
        .hasSize(CLIENTS);

    // Thawed, the evicted client's late heartbeat gets 404 and it registers again by itself.
    frozenClient.signal("CONT");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> client.instances("solo").instances(),
            list -> list.size() == 1 && list.get(0).status().equals("UP"));
    assertThat(frozenClient.output()).contains("registering again");
  }

  @Test
  void afterKillAndRestartEveryClientIsBackWithinOneTtl() throws Exception {
    int port = RegistryProcess.freePort();
    RegistryProcess registry = RegistryProcess.registry(tmp.resolve("registry1.log"), port);
    URI url = URI.create("http://127.0.0.1:" + port);
    RegistryClient client = RegistryClient.of(url);
    startAgents(url);
    await().atMost(Duration.ofSeconds(60)).until(() -> up(client) == CLIENTS);

    registry.kill();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> agents.get(0).describe().contains("unreachable"));
    RegistryProcess again = RegistryProcess.registry(tmp.resolve("registry2.log"), port);
    processes.add(again);
    long t0 = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(TTL))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> up(client) == CLIENTS);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(TTL));
    List<Instance> back = client.instances("load").instances();
    assertThat(back).extracting(Instance::port).doesNotHaveDuplicates().hasSize(CLIENTS);
  }

  /**
   * The eviction counter line of the load service (absent when none: a busy machine can evict one
   * before).
   */
  private static String evictions(String metrics) {
    return metrics
        .lines()
        .filter(l -> l.startsWith("svc4j_registry_evictions_total{service=\"load\"}"))
        .findFirst()
        .orElse("none");
  }

  private static String metrics(URI url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(url.resolve("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
