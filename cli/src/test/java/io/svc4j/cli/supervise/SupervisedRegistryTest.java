package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.Svc4j;
import io.svc4j.registry.api.Instance;
import io.svc4j.registry.client.RegistryClient;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.server.RegistryService;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised program ({@code svc4j run -- sleep}) as a real process registers through the same
 * host integration as an embedded service: UP once the child runs, with the child tree's memory
 * (not the supervisor JVM's), gone after SIGTERM.
 */
class SupervisedRegistryTest {

  @TempDir Path tmp;

  @Test
  void aSupervisedChildIsRegisteredWhileItRunsAndGoneAfterStop() throws Exception {
    ServiceContext ctx =
        new ServiceContext() {
          @Override
          public String serviceName() {
            return "registry";
          }

          @Override
          public void status(String text) {}

          @Override
          public void extendTimeout(Duration extra) {}

          @Override
          public void requestStop() {}

          @Override
          public void fail(Throwable cause) {}

          @Override
          public ServiceState state() {
            return ServiceState.RUNNING;
          }

          @Override
          public Duration stopDeadline() {
            return Duration.ofSeconds(10);
          }
        };
    String name = "sleeper-" + Long.toHexString(System.nanoTime() & 0xffffff);
    RegistryService registry = new RegistryService(RegistryServerOptions.loopback(0));
    registry.start(ctx);
    Process p = null;
    try {
      URI url = URI.create("http://127.0.0.1:" + registry.port());
      RegistryClient client = RegistryClient.of(url);
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx128m",
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Svc4j.class.getName(),
                  "run",
                  "--name",
                  name,
                  "--",
                  "sleep",
                  "600")
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("run.log").toFile());
      pb.environment().remove("NOTIFY_SOCKET");
      pb.environment().put("SVC4J_REGISTRY_URL", url.toString());
      pb.environment().put("SVC4J_REGISTRY_HEARTBEAT", "1");
      pb.environment().put("SVC4J_REGISTRY_TTL", "5");
      p = pb.start();
      Process running = p;
      Instance up =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> {
                    assertThat(running.isAlive()).as(() -> read(tmp.resolve("run.log"))).isTrue();
                    return client.instances(name).instances().stream().findFirst().orElse(null);
                  },
                  i -> i != null && i.status().equals("UP") && i.rssBytes() != null);
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
      registry.stop(ctx);
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
