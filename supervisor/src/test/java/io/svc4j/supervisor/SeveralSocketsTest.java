package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.ConfigFile;
import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code sockets:}: a python3 child gets them at fds 3 and 4 in the order of the file, with
 * {@code LISTEN_FDS=2}, {@code LISTEN_FDNAMES=web:admin} and {@code LISTEN_PID} its own pid, and
 * serves each socket under its name; nothing else of the supervisor's is open in it (a descriptor
 * the supervisor's JVM opened without close-on-exec included); restarts under continuous load on
 * one socket fail no request, and the other socket answers across them.
 */
class SeveralSocketsTest {

  private static final int CLIENTS = 30;
  private static final int RESTARTS = 3;

  @TempDir Path tmp;

  @Test
  void twoSocketsReachEachChildInOrderWithTheirNamesAndRestartsFailNoRequest() throws Exception {
    int web = freePort();
    int admin = freePort();
    Path server = tmp.resolve("two_sockets.py");
    try (InputStream in = getClass().getResourceAsStream("sockets/two_sockets.py")) {
      Files.write(server, in.readAllBytes());
    }
    Path report = tmp.resolve("report");
    String yaml =
        "name: web\n"
            + "command: [python3, '"
            + server
            + "', '"
            + report
            + "']\n"
            + "readiness: {mode: uptime, start-seconds: 300ms}\n"
            + "sockets:\n"
            + "  - {name: web, address: '127.0.0.1:"
            + web
            + "'}\n"
            + "  - {name: admin, address: '127.0.0.1:"
            + admin
            + "'}\n";
    var config = ConfigFile.parse(tmp.resolve("web.yaml"), yaml).config();
    Path control = tmp.resolve("control.sock");
    Path leak = tmp.resolve("opened-by-the-supervisor-jvm");
    // The JDK opens files without close-on-exec: a child that inherited everything would see it.
    try (var opened = new FileOutputStream(leak.toFile());
        var supervisor = Supervisor.of(config)) {
      supervisor.serveControl(control);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(report));
      Map<String, String> got = read(report);
      assertThat(got.get("LISTEN_PID")).isEqualTo(got.get("pid"));
      assertThat(got.get("LISTEN_FDS")).isEqualTo("2");
      assertThat(got.get("LISTEN_FDNAMES")).isEqualTo("web:admin");
      assertThat(got.get("fd 0")).isEqualTo("/dev/null");
      assertThat(got.get("fd 3")).startsWith("socket:[");
      assertThat(got.get("fd 4")).startsWith("socket:[");
      assertThat(got.keySet().stream().filter(k -> k.startsWith("fd ")))
          .as("open descriptors: %s", got)
          .containsExactlyInAnyOrder("fd 0", "fd 1", "fd 2", "fd 3", "fd 4");
      assertThat(got.values()).doesNotContain(leak.toString());

      assertThat(get(web)).endsWith("\r\n\r\nweb\n");
      assertThat(get(admin)).endsWith("\r\n\r\nadmin\n");
      String firstPid = got.get("pid");

      Load load = new Load(web);
      load.start();
      try {
        for (int i = 0; i < RESTARTS; i++) {
          long before = load.ok.get();
          await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() > before + CLIENTS);
          var reply =
              ControlClient.send(control, SupervisorCommand.RESTART, Duration.ofSeconds(30));
          assertThat(reply.ok()).as("restart: %s", reply).isTrue();
          assertThat(get(admin)).endsWith("\r\n\r\nadmin\n");
        }
        long before = load.ok.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> load.ok.get() > before + CLIENTS);
      } finally {
        load.stop();
      }
      assertThat(load.failures).as("failed requests").isEmpty();
      assertThat(load.bodies).containsOnly("web\n");
      assertThat(read(report).get("pid")).isNotEqualTo(firstPid);
      assertThat(read(report).get("LISTEN_FDNAMES")).isEqualTo("web:admin");
      opened.write(1);
    }
  }

  private static int freePort() throws IOException {
    try (var probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static Map<String, String> read(Path report) throws IOException {
    return Files.readAllLines(report).stream()
        .map(l -> l.contains(" -> ") ? l.split(" -> ", 2) : l.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
  }

  /** One request on a fresh connection: the status line, headers and body. */
  private static String get(int port) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** CLIENTS threads, each sending request after request on a fresh connection until stopped. */
  private static final class Load {
    final int port;
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong ok = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final java.util.Set<String> bodies = ConcurrentHashMap.newKeySet();
    final List<Thread> threads = new java.util.ArrayList<>();

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

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
    }
  }
}
