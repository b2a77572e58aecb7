package io.svc4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.registry.api.Registration;
import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryAgent;
import io.svc4j.registry.client.RegistryListener;
import io.svc4j.registry.server.RegistryServerOptions;
import io.svc4j.registry.testing.RunningRegistry;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A hosted service whose registry is away says so in its own status line (what systemd and {@code
 * svc4j status} show), keeps running, and the note goes once the registry answers and has it
 * registered.
 */
class HostStatusTest {

  @Test
  void aLostRegistryShowsInTheServicesStatusLineUntilItAnswers() throws Exception {
    int port = RegistryProcess.freePort(); // nothing listens here yet
    Service service =
        new Service() {
          @Override
          public void start(ServiceContext context) {
            context.status("serving");
          }

          @Override
          public void stop(ServiceContext context) {}
        };
    ServiceController host = new ServiceController(service, HostOptions.named("noted"));
    RegistryListener registry =
        new RegistryListener(
            new RegistryAgent(
                new AgentSettings(
                    URI.create("http://127.0.0.1:" + port),
                    Optional.empty(),
                    "noted",
                    "n1",
                    new Registration("127.0.0.1", 1, Map.of(), 5, 1))));
    List<String> lines = new CopyOnWriteArrayList<>();
    host.addListener(registry);
    host.addListener(
        new LifecycleListener() {
          @Override
          public void statusChanged(String text) {
            lines.add(text);
          }
        });
    host.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> host.state() == ServiceState.RUNNING);
      await().atMost(Duration.ofSeconds(10)).until(() -> host.statusText().contains("unreachable"));
      assertThat(host.statusText())
          .startsWith("serving; registry http://127.0.0.1:" + port + " unreachable since ")
          .endsWith(", retrying");
      assertThat(lines).last().isEqualTo(host.statusText());
      assertThat(host.state())
          .as("the service runs on without its registry")
          .isEqualTo(ServiceState.RUNNING);

      try (RunningRegistry back = RunningRegistry.start(RegistryServerOptions.loopback(port))) {
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> back.client().instances("noted").instances().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> host.statusText().equals("serving"));
        assertThat(lines).last().isEqualTo("serving");
        host.requestStop();
        assertThat(host.awaitTermination().state()).isEqualTo(ServiceState.STOPPED);
        assertThat(back.client().instances("noted").instances()).isEmpty();
      }
    } finally {
      host.requestStop();
    }
  }
}
