package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.ConfigFile;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
    int web = RestartLoad.freePort();
    int admin = RestartLoad.freePort();
    Path server = RestartLoad.script(tmp, "two_sockets.py");
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

      assertThat(RestartLoad.get(web)).endsWith("\r\n\r\nweb\n");
      assertThat(RestartLoad.get(admin)).endsWith("\r\n\r\nadmin\n");
      String firstPid = got.get("pid");

      RestartLoad load = new RestartLoad(web, CLIENTS);
      load.restartsUnderLoad(
          control, RESTARTS, () -> assertThat(RestartLoad.get(admin)).endsWith("\r\n\r\nadmin\n"));
      assertThat(load.failures).as("failed requests").isEmpty();
      assertThat(load.bodies).containsOnly("web\n");
      assertThat(read(report).get("pid")).isNotEqualTo(firstPid);
      assertThat(read(report).get("LISTEN_FDNAMES")).isEqualTo("web:admin");
      opened.write(1);
    }
  }

  private static Map<String, String> read(Path report) throws IOException {
    return Files.readAllLines(report).stream()
        .map(l -> l.contains(" -> ") ? l.split(" -> ", 2) : l.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
  }
}
