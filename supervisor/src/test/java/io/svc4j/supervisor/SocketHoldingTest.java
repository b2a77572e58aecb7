package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.ConfigFile;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor holds the {@code sockets:} and passes them to each child (fd 3, LISTEN_FDS):
 * restarts through the control channel under 50 clients of continuous load (a fresh connection per
 * request) fail no request. The same program and load without {@code sockets:} (it binds the port
 * itself) fails requests at every restart: the test would notice if the handoff did nothing.
 */
class SocketHoldingTest {

  private static final int CLIENTS = 50;
  private static final int RESTARTS = 3;

  @TempDir Path tmp;

  @Test
  void restartsUnderLoadFailNoRequestWhenTheSupervisorHoldsTheSocket() throws Exception {
    RestartLoad load = restartUnderLoad(true);
    assertThat(load.failures).as("failed requests: %s", load.samples()).isEmpty();
    assertThat(load.bodies).containsOnly("inherited\n");
    assertThat(load.ok.get()).isGreaterThan(CLIENTS);
  }

  @Test
  void theSameRestartsWithoutSocketsFailRequests() throws Exception {
    RestartLoad load = restartUnderLoad(false);
    assertThat(load.bodies).containsOnly("own\n");
    assertThat(load.failures).as("refused while no child listens").isNotEmpty();
  }

  @Test
  void aBadSocketAddressIsNamedWithItsPlaceInTheFile() {
    Path file = tmp.resolve("bad.yaml");
    String text =
        "name: web\ncommand: [sleep, '600']\nsockets:\n  - name: http\n    address: 0.0.0.0\n";
    assertThatThrownBy(() -> ConfigFile.parse(file, text))
        .hasMessageContaining(file + ":5:")
        .hasMessageContaining("sockets[0].address: '0.0.0.0' must be HOST:PORT");
  }

  @Test
  void aPortThatCannotBeBoundFailsTheStartWithOneLine() throws Exception {
    try (var taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      String yaml =
          "name: web\ncommand: [sleep, '600']\nrestart: {mode: 'no'}\n"
              + "sockets:\n  - name: http\n    address: 127.0.0.1:"
              + port
              + "\n";
      var config = ConfigFile.parse(tmp.resolve("web.yaml"), yaml).config();
      try (var supervisor = Supervisor.of(config)) {
        var recorder = new Recorder();
        supervisor.addListener(recorder);
        supervisor.startChild();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    recorder.reasons.stream()
                        .anyMatch(
                            r ->
                                r.contains(
                                    "cannot listen on 127.0.0.1:"
                                        + port
                                        + " (sockets: http): bind: Address already in use")));
      }
    }
  }

  private RestartLoad restartUnderLoad(boolean holdSocket) throws Exception {
    int port = RestartLoad.freePort();
    Path server = RestartLoad.script(tmp, "server.py");
    String yaml =
        "name: web\n"
            + "command: [python3, '"
            + server
            + "', '"
            + port
            + "']\n"
            + "readiness: {mode: uptime, start-seconds: 300ms}\n"
            + (holdSocket ? "sockets:\n  - name: http\n    address: 127.0.0.1:" + port + "\n" : "");
    var config = ConfigFile.parse(tmp.resolve("web.yaml"), yaml).config();
    Path control = tmp.resolve("control.sock");
    try (var supervisor = Supervisor.of(config)) {
      supervisor.serveControl(control);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> RestartLoad.get(port).startsWith("HTTP/1.0 200"));
      RestartLoad load = new RestartLoad(port, CLIENTS);
      load.restartsUnderLoad(control, RESTARTS, () -> {});
      return load;
    }
  }
}
