package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixture of the socket handoff tests: a python3 server from {@code sockets/}, a free loopback
 * port, and continuous load on it (client threads, each sending request after request on a fresh
 * connection until stopped) while the supervisor restarts its child through the control channel.
 */
final class RestartLoad {

  /** A step run after each restart, while the load goes on. */
  interface Step {
    void run() throws Exception;
  }

  final int port;
  final int clients;
  final AtomicBoolean running = new AtomicBoolean(true);
  final AtomicLong ok = new AtomicLong();
  final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  final Set<String> bodies = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();

  RestartLoad(int port, int clients) {
    this.port = port;
    this.clients = clients;
  }

  static int freePort() throws IOException {
    try (var probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  /** The server script {@code sockets/NAME} of the test resources, copied into {@code dir}. */
  static Path script(Path dir, String name) throws IOException {
    Path server = dir.resolve(name);
    try (InputStream in = RestartLoad.class.getResourceAsStream("sockets/" + name)) {
      Files.write(server, in.readAllBytes());
    }
    return server;
  }

  /** One request on a fresh connection: the status line, headers and body, or an exception. */
  static String get(int port) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  void start() {
    for (int i = 0; i < clients; i++) {
      threads.add(
          Thread.ofPlatform()
              .name("client-" + i)
              .start(
                  () -> {
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
                  }));
    }
  }

  /**
   * Starts the load, restarts the child {@code restarts} times through {@code control} (each after
   * one more request per client has been answered, then {@code afterEach}), lets one more round be
   * answered and stops the load.
   */
  void restartsUnderLoad(Path control, int restarts, Step afterEach) throws Exception {
    start();
    try {
      for (int i = 0; i < restarts; i++) {
        awaitOneMoreRound();
        var reply = ControlClient.send(control, SupervisorCommand.RESTART, Duration.ofSeconds(30));
        assertThat(reply.ok()).as("restart: %s", reply).isTrue();
        afterEach.run();
      }
      awaitOneMoreRound();
    } finally {
      stop();
    }
  }

  private void awaitOneMoreRound() {
    long before = ok.get();
    await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() > before + clients);
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join();
    }
  }

  /** The first five failures, for a failure message. */
  List<String> samples() {
    return failures.stream().limit(5).toList();
  }
}
