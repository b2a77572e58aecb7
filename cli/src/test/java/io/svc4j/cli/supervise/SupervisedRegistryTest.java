package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.Svc4jJvm;
import io.svc4j.registry.api.Change;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.testing.RunningRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised program ({@code svc4j run}) as a real process with a real registry: registered while
 * the child runs with the child tree's figures (not the supervisor JVM's), DRAINING before the
 * child is stopped, gone after. Once configured by the SVC4J_REGISTRY_* variables, once by the
 * configuration file's {@code registry:} section (with a token file; it wins over the variables).
 */
class SupervisedRegistryTest {

  @TempDir Path tmp;

  private Process svc4jRun(Map<String, String> env, String... args) throws Exception {
    List<String> cmd =
        Svc4jJvm.command(List.of("-Xmx128m", "--enable-native-access=ALL-UNNAMED"), List.of("run"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("run.log").toFile());
    pb.environment().remove("NOTIFY_SOCKET");
    pb.environment().keySet().removeIf(k -> k.startsWith("SVC4J_REGISTRY_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  private Instance awaitUp(Process running, RegistryClient client, String service) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              assertThat(running.isAlive()).as(() -> read(tmp.resolve("run.log"))).isTrue();
              return client.instances(service).instances().stream().findFirst().orElse(null);
            },
            i -> i != null && i.status().equals("UP") && i.rssBytes() != null && i.cpu() != null);
  }

  @Test
  void aSupervisedChildIsRegisteredWhileItRunsAndGoneAfterStop() throws Exception {
    String name = "sleeper-" + Long.toHexString(System.nanoTime() & 0xffffff);
    Process p = null;
    try (RunningRegistry registry = RunningRegistry.loopback()) {
      RegistryClient client = registry.client();
      p =
          svc4jRun(
              Map.of(
                  "SVC4J_REGISTRY_URL", registry.url().toString(),
                  "SVC4J_REGISTRY_HEARTBEAT", "1",
                  "SVC4J_REGISTRY_TTL", "5"),
              "--name",
              name,
              "--",
              "sleep",
              "600");
      Instance up = awaitUp(p, client, name);
      assertThat(up.service()).isEqualTo(name);
      // The figures are the child's tree (a sleep: a few MiB), not the supervisor's JVM (>= 50
      // MiB).
      assertThat(up.rssBytes()).isPositive().isLessThan(30L * 1024 * 1024);
      p.destroy(); // SIGTERM: the supervisor stops its child, then deregisters
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(client.instances(name).instances()).as(read(tmp.resolve("run.log"))).isEmpty();
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * The configuration file alone: the child, on SIGTERM, asks the registry what it says about it
   * and finds DRAINING, so DRAINING went out before the child was stopped.
   */
  @Test
  void theConfigFilesRegistrySectionRegistersUpDrainingThenGone() throws Exception {
    String name = "worker-" + Long.toHexString(System.nanoTime() & 0xffffff);
    Path tokenFile = tmp.resolve("registry.token");
    Path atTerm = tmp.resolve("at-term.json");
    Process p = null;
    try (RunningRegistry registry =
        RunningRegistry.start(RegistryServerOptions.loopback(0).withTokenFile(tokenFile))) {
      String token = Files.readString(tokenFile).strip();
      RegistryClient client =
          new RegistryClient(registry.url(), Optional.of(token), Duration.ofSeconds(5));
      List<Change> changes = new CopyOnWriteArrayList<>();
      Thread watcher =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      client.streamEvents(Optional.of("api"), 0, changes::add);
                    } catch (Exception e) {
                      // the registry stops at the end
                    }
                  });
      Path script = tmp.resolve("child.sh");
      Files.writeString(
          script,
          """
          trap 'curl -s -H "Authorization: Bearer $(cat %s)" %s/v1/services/api > %s.tmp;
                mv %s.tmp %s; kill $SLEEP; exit 0' TERM
          sleep 600 & SLEEP=$!
          wait $SLEEP
          """
              .formatted(tokenFile, registry.url(), atTerm, atTerm, atTerm));
      Path config = tmp.resolve("worker.yaml");
      Files.writeString(
          config,
          """
          name: %s
          command: [/bin/sh, %s]
          stop: {timeout: 20s}
          registry:
            url: %s
            token-file: registry.token
            service: api
            address: 127.0.0.1
            port: 9999
            metadata: {zone: test}
            ttl: 5s
            heartbeat: 1s
          """
              .formatted(name, script, registry.url()));
      // Variables that would register elsewhere: the file's section takes their place.
      p =
          svc4jRun(
              Map.of(
                  "SVC4J_REGISTRY_URL", registry.url().toString(),
                  "SVC4J_REGISTRY_TOKEN_FILE", tokenFile.toString(),
                  "SVC4J_REGISTRY_SERVICE", "from-variables"),
              "--config",
              config.toString());
      Instance up = awaitUp(p, client, "api");
      assertThat(up.id()).isEqualTo("127.0.0.1-9999");
      assertThat(up.address()).isEqualTo("127.0.0.1");
      assertThat(up.port()).isEqualTo(9999);
      assertThat(up.metadata()).containsEntry("zone", "test");
      assertThat(up.ttlSeconds()).isEqualTo(5);
      assertThat(up.rssBytes()).as("the child tree: sh and sleep").isLessThan(30L * 1024 * 1024);
      assertThat(client.services().services())
          .extracting(s -> s.name())
          .as("nothing registered from the variables")
          .doesNotContain("from-variables");

      p.destroy(); // SIGTERM to the supervisor
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String log = read(tmp.resolve("run.log"));
      assertThat(p.exitValue()).as(log).isZero();
      assertThat(read(atTerm))
          .as("what the registry said when the child got SIGTERM")
          .contains("\"status\":\"DRAINING\"");
      assertThat(client.instances("api").instances()).as(log).isEmpty();
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
      watcher.interrupt();
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
