package io.svc4j.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.registry.api.Instance;
import io.svc4j.registry.api.Registration;
import io.svc4j.registry.api.ServiceInstances;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryAgent;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.testing.RunningRegistry;
import java.net.InetAddress;
import java.net.URI;
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
 * Two stateless registry nodes on real etcd (one member, then a three-member cluster that loses a
 * member during heartbeats): both nodes see the same instances, nothing registered is lost, no live
 * instance is evicted, and an instance whose heartbeats stop is gone on every node within TTL + 1
 * s.
 */
class EtcdStoreTest {

  static final int TTL = 3;

  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private URI node(List<URI> etcd) throws Exception {
    RunningRegistry node =
        RunningRegistry.start(
            new RegistryServerOptions(
                InetAddress.getLoopbackAddress(),
                0,
                RegistryServerOptions.StoreKind.etcd,
                etcd,
                "/svc4j-test/",
                Optional.empty(),
                false,
                0));
    cleanup.add(node);
    return node.url();
  }

  private RegistryAgent agent(URI node, String id) {
    RegistryAgent a =
        new RegistryAgent(
            new AgentSettings(
                node,
                Optional.empty(),
                "api",
                id,
                new Registration("127.0.0.1", 1, Map.of(), TTL, 1)));
    a.start();
    cleanup.add(() -> a.stop(Duration.ofMillis(200)));
    return a;
  }

  private static List<String> up(RegistryClient node) {
    try {
      return node.instances("api").instances().stream()
          .filter(i -> i.status().equals("UP"))
          .map(Instance::id)
          .sorted()
          .toList();
    } catch (Exception e) {
      return List.of("unreachable: " + e.getMessage());
    }
  }

  /** Waits until {@code id} is gone from both nodes; returns how long after its last heartbeat. */
  private static Duration goneAfterLastBeat(RegistryClient a, RegistryClient b, String id)
      throws Exception {
    Instant last = Instant.EPOCH;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      boolean present = false;
      for (RegistryClient n : List.of(a, b)) {
        ServiceInstances s = n.instances("api");
        for (Instance i : s.instances()) {
          if (i.id().equals(id)) {
            present = true;
            if (i.lastHeartbeat().isAfter(last)) {
              last = i.lastHeartbeat();
            }
          }
        }
      }
      if (!present) {
        return Duration.between(last, Instant.now());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(id + " still listed after 30 s");
  }

  @Test
  void twoNodesOnOneMemberShareInstancesAndEvictOnTime() throws Exception {
    EtcdCluster etcd = EtcdCluster.start(dir, 1);
    cleanup.add(etcd);
    RegistryClient a = RegistryClient.of(node(etcd.clientUrls()));
    RegistryClient b = RegistryClient.of(node(etcd.clientUrls()));

    RegistryAgent one = agent(a.base(), "one");
    agent(b.base(), "two");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> up(a).equals(List.of("one", "two")) && up(b).equals(List.of("one", "two")));
    Instance seenOnB = b.instances("api").instances().get(0);
    assertThat(seenOnB.rssBytes()).as("figures travel through etcd").isNotNull();

    // A blocking query on node b wakes up for a change made through node a.
    long index = b.instances("api").index();
    var waiting =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return b.await("api", index, Duration.ofSeconds(20));
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    one.status("DRAINING");
    assertThat(waiting.get().instances())
        .anyMatch(i -> i.id().equals("one") && i.status().equals("DRAINING"));

    // "one" stops heartbeating without deregistering (its process froze): etcd's lease runs out.
    one.stopWithoutDeregistering();
    Duration lag = goneAfterLastBeat(a, b, "one");
    assertThat(lag)
        .as("gone on both nodes within TTL + 1 s")
        .isLessThanOrEqualTo(Duration.ofSeconds(TTL + 1));
    assertThat(up(a)).containsExactly("two");
    assertThat(up(b)).containsExactly("two");
  }

  /** Every change of service "kinds" as "ID TYPE", in the order a node's event stream sent them. */
  private List<String> kinds(RegistryClient node) {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    node.streamEvents(
                        Optional.of("kinds"), 0, c -> seen.add(c.instance().id() + " " + c.type()));
                  } catch (Exception e) {
                    // the node stops at the end
                  }
                });
    cleanup.add(t::interrupt);
    return seen;
  }

  /**
   * An instance removed by a client is a deregistration and one whose lease ran out an eviction, on
   * every node, however close to its TTL the deregistration comes: "late" is deregistered 0.4 s
   * before its lease would run out (a guess from heartbeat age and clock, as this store once made,
   * calls that an eviction).
   */
  @Test
  void deregistrationAndEvictionAreTheirOwnKindOnEveryNode() throws Exception {
    EtcdCluster etcd = EtcdCluster.start(dir, 1);
    cleanup.add(etcd);
    RegistryClient a = RegistryClient.of(node(etcd.clientUrls()));
    RegistryClient b = RegistryClient.of(node(etcd.clientUrls()));
    List<String> onA = kinds(a);
    List<String> onB = kinds(b);
    Registration quiet = new Registration("127.0.0.1", 1, Map.of(), TTL, 1);
    // Both streams are connected once they deliver this first change.
    a.register("kinds", "first", quiet);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> onA.contains("first REGISTER") && onB.contains("first REGISTER"));

    assertThat(b.deregister("kinds", "first")).isTrue();
    a.register("kinds", "expires", quiet); // no heartbeat follows: etcd's lease runs out

    // "late": deregistered through the other node 0.4 s before its lease runs out. On a machine so
    // slow that etcd evicts it first, the eviction must be reported as one, and it is tried again.
    String late = null;
    for (int attempt = 0; attempt < 3 && late == null; attempt++) {
      String id = "late" + attempt;
      Instance registered = a.register("kinds", id, quiet);
      Instant deadline = registered.lastHeartbeat().plusSeconds(TTL).minusMillis(400);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()));
      if (b.deregister("kinds", id)) {
        late = id;
      }
    }
    assertThat(late).as("one deregistration came before etcd's lease expiry").isNotNull();

    String lateId = late;
    for (List<String> node : List.of(onA, onB)) {
      await()
          .atMost(Duration.ofSeconds(TTL + 5))
          .untilAsserted(
              () ->
                  assertThat(node)
                      .contains("first DEREGISTER", "expires EVICT", lateId + " DEREGISTER")
                      .doesNotContain("first EVICT", "expires DEREGISTER", lateId + " EVICT")
                      .filteredOn(e -> e.startsWith("late") && !e.startsWith(lateId))
                      .noneMatch(e -> e.endsWith(" DEREGISTER")));
    }
    // The intents are gone with the instances' leases: nothing of them is listed.
    assertThat(a.services().services()).extracting(s -> s.name()).doesNotContain("!deregistered");
  }

  @Test
  void aThreeMemberClusterLosingAMemberLosesNothingAndEvictsNoLiveInstance() throws Exception {
    EtcdCluster etcd = EtcdCluster.start(dir, 3);
    cleanup.add(etcd);
    RegistryClient a = RegistryClient.of(node(etcd.clientUrls()));
    RegistryClient b = RegistryClient.of(node(etcd.clientUrls().reversed()));
    List<String> ids = new ArrayList<>();
    List<RegistryAgent> agents = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add("i" + i);
      agents.add(agent(i % 2 == 0 ? a.base() : b.base(), "i" + i));
    }
    List<String> all = ids.stream().sorted().toList();
    await().atMost(Duration.ofSeconds(30)).until(() -> up(a).equals(all) && up(b).equals(all));

    etcd.kill(0); // the member node a talks to first
    long until = System.nanoTime() + Duration.ofSeconds(3L * TTL).toNanos();
    while (System.nanoTime() < until) {
      assertThat(up(a)).as("node a while a member is down").isEqualTo(all);
      assertThat(up(b)).as("node b while a member is down").isEqualTo(all);
      Thread.sleep(200);
    }

    agents.get(3).stopWithoutDeregistering();
    Duration lag = goneAfterLastBeat(a, b, "i3");
    assertThat(lag)
        .as("gone on both nodes within TTL + 1 s")
        .isLessThanOrEqualTo(Duration.ofSeconds(TTL + 1));
    assertThat(up(a)).hasSize(9);
  }
}
