package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.ConfigFile;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    Load load = restartUnderLoad(true);
    assertThat(load.failures).as("failed requests: %s", load.samples).isEmpty();
    assertThat(load.bodies).containsOnly("inherited\n");
    assertThat(load.ok.get()).isGreaterThan(CLIENTS);
  }

  @Test
  void theSameRestartsWithoutSocketsFailRequests() throws Exception {
    Load load = restartUnderLoad(false);
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

  private Load restartUnderLoad(boolean holdSocket) throws Exception {
    int port;
    try (var probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path server = tmp.resolve("server.py");
    try (InputStream in = getClass().getResourceAsStream("sockets/server.py")) {
      Files.write(server, in.readAllBytes());
    }
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
          .until(() -> get(port).startsWith("HTTP/1.0 200"));
      Load load = new Load(port);
      load.start();
      try {
        for (int i = 0; i < RESTARTS; i++) {
          long before = load.ok.get();
          await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() > before + CLIENTS);
          var reply =
              ControlClient.send(control, SupervisorCommand.RESTART, Duration.ofSeconds(30));
          assertThat(reply.ok()).as("restart: %s", reply).isTrue();
        }
        long before = load.ok.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() > before + CLIENTS);
      } finally {
        load.stop();
      }
      return load;
    }
  }

  /** One request on a fresh connection: the status line and body, or an exception. */
  private static String get(int port) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** CLIENTS threads, each sending request after request until stopped. */
  private static final class Load {
    final int port;
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong ok = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final List<String> samples = new ArrayList<>();
    final java.util.Set<String> bodies = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final List<Thread> threads = new ArrayList<>();
    final CountDownLatch done = new CountDownLatch(CLIENTS);

    Load(int port) {
      this.port = port;
    }

    void start() {
      for (int i = 0; i < CLIENTS; i++) {
        threads.add(
            Thread.ofPlatform()
                .name("client-" + i)
                .start(
                    () -> {
                      try {
                        while (running.get()) {
                          try {
                            String response = get(port);
                            if (response.startsWith("HTTP/1.0 200")) {
                              bodies.add(response.substring(response.indexOf("\r\n\r\n") + 4));
                              ok.incrementAndGet();
                            } else {
                              failures.add("status: " + response.lines().findFirst().orElse(""));
                            }
                          } catch (IOException e) {
                            failures.add(e.toString());
                          }
                        }
                      } finally {
                        done.countDown();
                      }
                    }));
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      done.await();
      failures.stream().limit(5).forEach(samples::add);
    }
  }
}
