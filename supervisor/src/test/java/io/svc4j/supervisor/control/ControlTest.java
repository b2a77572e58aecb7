package io.svc4j.supervisor.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local control channel over a real Unix socket, against a real child. */
class ControlTest {

  @TempDir Path tmp;

  @Test
  void statusStopStartAndRestartOverTheSocket() throws Exception {
    Path socket = tmp.resolve("run").resolve("ctl.sock");
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(tmp.resolve("logs")));
    try (var supervisor = TestSupervisors.fromCommand("ctl", List.of("sleep", "600"), options)) {
      supervisor.serveControl(socket);
      assertThat(Files.getPosixFilePermissions(socket))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();

      var reply = send(socket, SupervisorCommand.STATUS);
      assertThat(reply.ok()).isTrue();
      var status = reply.status();
      assertThat(status.state()).isEqualTo(ChildState.RUNNING);
      long first = status.pid();
      assertThat(first).isEqualTo(supervisor.status().pid());
      assertThat(status.processes()).isEqualTo(1);
      assertThat(status.memoryBytes()).isPositive();
      assertThat(status.stdoutLog()).endsWith("logs/ctl.out.log");
      assertThat(status.summary()).startsWith("ctl: RUNNING pid " + first);

      var restarted = send(socket, SupervisorCommand.RESTART);
      assertThat(restarted.ok()).as(restarted::toString).isTrue();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(
              () -> {
                var now = send(socket, SupervisorCommand.STATUS).status();
                return now.state() == ChildState.RUNNING && now.pid() != first;
              });

      var stopped = send(socket, SupervisorCommand.STOP);
      assertThat(stopped.message()).isEqualTo("stopped: STOPPED");
      assertThat(stopped.status().pid()).isZero();

      assertThat(send(socket, SupervisorCommand.START).ok()).isTrue();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();

      // Only a hand-written client can send what no SupervisorCommand is.
      assertThat(RawClient.exchange(socket, "{\"command\":\"explode\"}\n"))
          .isEqualTo(
              "{\"ok\":false,\"error\":\"unknown command 'explode'; use status, start, stop,"
                  + " restart, metrics, reload, pause or resume\"}");
    }
    assertThat(socket).doesNotExist();
    assertThatThrownBy(() -> send(socket, SupervisorCommand.STATUS))
        .isInstanceOf(ControlClient.NotListeningException.class);
  }

  @Test
  void aLiveSocketIsNotTakenOverButAStaleOneIs() throws Exception {
    Path socket = tmp.resolve("dup.sock");
    try (var first = ControlServer.start(socket, c -> ControlReply.failed("first"))) {
      assertThatThrownBy(() -> ControlServer.start(socket, c -> null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another supervisor already listens on " + socket);
      assertThat(send(socket, SupervisorCommand.STATUS).error()).isEqualTo("first");
    }
    // A supervisor killed with -9 leaves its socket file behind.
    try (var dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    try (var second = ControlServer.start(socket, c -> ControlReply.failed("second"))) {
      assertThat(send(socket, SupervisorCommand.STATUS).error()).isEqualTo("second");
    }
  }

  @Test
  void rootServicesLiveUnderRun() {
    // CI and this suite run as root, like a system service.
    assertThat(ControlPaths.forService("web")).isEqualTo(Path.of("/run/svc4j/web.sock"));
  }

  @Test
  void unlessStoppedRemembersAnOperatorsStopAcrossSupervisorRestarts() throws Exception {
    Path socket = tmp.resolve("u.sock");
    Path state = tmp.resolve("state");
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                    io.svc4j.supervisor.config.RestartSettings.DEFAULT.withMode(
                        io.svc4j.supervisor.config.RestartMode.UNLESS_STOPPED))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO));
    var events = new java.util.concurrent.CopyOnWriteArrayList<String>();
    try (var first =
        TestSupervisors.fromCommand("sticky", List.of("sleep", "600"), options)
            .withStateDirectory(state)) {
      var host = host(first, events);
      host.start();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> host.state() == io.svc4j.service.ServiceState.RUNNING);
      first.serveControl(socket);
      assertThat(send(socket, SupervisorCommand.STOP).message()).isEqualTo("stopped: STOPPED");
      host.requestStop();
      host.termination().get(30, TimeUnit.SECONDS);
    }
    assertThat(state.resolve("sticky.stopped")).exists();

    // The supervisor comes back (reboot, systemctl restart): the child stays stopped.
    try (var second =
        TestSupervisors.fromCommand("sticky", List.of("sleep", "600"), options)
            .withStateDirectory(state)) {
      var host = host(second, events);
      host.start();
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> host.state() == io.svc4j.service.ServiceState.RUNNING);
      assertThat(second.status().state()).isEqualTo(ChildState.STOPPED);
      assertThat(host.statusText()).contains("STOPPED by an operator");
      second.serveControl(socket);
      assertThat(send(socket, SupervisorCommand.START).ok()).isTrue();
      assertThat(second.awaitReady(Duration.ofSeconds(20))).isTrue();
      assertThat(state.resolve("sticky.stopped")).doesNotExist();
      host.requestStop();
      host.termination().get(30, TimeUnit.SECONDS);
    }
  }

  static ControlReply send(Path socket, SupervisorCommand command) throws IOException {
    return ControlClient.send(socket, command, Duration.ofSeconds(60));
  }

  private static io.svc4j.runtime.ServiceController host(
      Supervisor supervisor, List<String> events) {
    var controller = new io.svc4j.runtime.ServiceController(supervisor, supervisor.hostOptions());
    controller.addListener(
        new io.svc4j.runtime.LifecycleListener() {
          @Override
          public void stateChanged(
              io.svc4j.service.ServiceState from, io.svc4j.service.ServiceState to, Throwable t) {
            events.add(to.name());
          }
        });
    return controller;
  }
}
