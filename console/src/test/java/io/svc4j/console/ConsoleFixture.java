package io.svc4j.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.ServiceState;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Test fixture of the console tests: real supervisors serving their control sockets in a run
 * directory, and a console over that directory (no service manager) on a free loopback port.
 */
public final class ConsoleFixture {

  private ConsoleFixture() {}

  /**
   * A supervisor of {@code config} serving its control socket at {@code RUN/NAME.sock}, its child
   * started and ready; closed again (its child stopped) when it does not get ready.
   */
  public static Supervisor supervised(Path runDir, SupervisorConfig config) throws Exception {
    Supervisor supervisor = Supervisor.of(config);
    try {
      Files.createDirectories(runDir);
      supervisor.serveControl(runDir.resolve(config.name() + ".sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      return supervisor;
    } catch (Throwable e) {
      supervisor.close();
      throw e;
    }
  }

  /** The services whose control sockets are in {@code runDir}, with no service manager's. */
  public static ServiceSource source(Path runDir) {
    return ServiceSource.of(List::of, runDir, name -> runDir.resolve(name + ".sock"));
  }

  /** The console of the services in {@code runDir}, on a free loopback port, without tokens. */
  public static ConsoleService loopback(Path runDir) {
    return loopback(runDir, Optional.empty(), Optional.empty());
  }

  /** The same with these token files. */
  public static ConsoleService loopback(
      Path runDir, Optional<Path> operatorToken, Optional<Path> viewerToken) {
    return new ConsoleService(
        new ConsoleOptions(InetAddress.getLoopbackAddress(), 0, operatorToken, viewerToken),
        source(runDir));
  }

  /** {@code console} hosted as the service "console", once it runs. */
  public static ServiceController host(ConsoleService console) {
    var controller = new ServiceController(console, HostOptions.named("console"));
    controller.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> controller.state() == ServiceState.RUNNING);
    return controller;
  }

  /** Stops a console that {@link #host} gave, if it got that far, and waits for its end. */
  public static void stop(ServiceController console) throws InterruptedException {
    if (console != null) {
      console.requestStop();
      console.awaitTermination();
    }
  }
}
