package io.svc4j.cli.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.registry.api.Instance;
import io.svc4j.registry.testing.RunningRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EmbeddedService application given its registry in code, as a real process: registered UP with
 * what the code says while it runs, deregistered when SIGTERM stops it; a registry variable set
 * alongside registers nothing.
 */
class EmbeddedRegistryTest {

  @TempDir Path tmp;

  @Test
  void aRegistryGivenInCodeRegistersTheApplication() throws Exception {
    try (RunningRegistry registry = RunningRegistry.loopback()) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx128m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  RegisteredApp.class.getName(),
                  registry.url().toString())
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("out").toFile());
      pb.environment().remove("NOTIFY_SOCKET");
      pb.environment().keySet().removeIf(k -> k.startsWith("SVC4J_REGISTRY_"));
      pb.environment().put("SVC4J_REGISTRY_URL", registry.url().toString());
      pb.environment().put("SVC4J_REGISTRY_SERVICE", "from-variables");
      Process p = pb.start();
      try {
        Instance up =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () -> registry.client().instances("coded").instances(),
                    l -> l.size() == 1 && l.get(0).status().equals("UP"))
                .get(0);
        assertThat(up.id()).isEqualTo("c1");
        assertThat(up.port()).isEqualTo(1234);
        assertThat(up.metadata()).containsEntry("from", "code");
        assertThat(up.text()).isEqualTo("serving");
        assertThat(registry.client().services().services())
            .extracting(s -> s.name())
            .containsExactly("coded");
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out"))).isZero();
        assertThat(registry.client().instances("coded").instances()).isEmpty();
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
