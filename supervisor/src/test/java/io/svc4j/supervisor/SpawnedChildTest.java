package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.ConfigFile;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a child started by the supervisor's posix_spawn gets, read by the child itself from
 * /proc/self/status: its own session and process group, no signal blocked or ignored (the JVM's
 * threads block and handle signals of their own), stdin /dev/null; and its exit code as the JDK
 * would report it, from the waitpid the supervisor blocks in.
 */
class SpawnedChildTest {

  @TempDir Path tmp;

  @Test
  void theChildLeadsItsOwnSessionWithDefaultSignalsAndItsExitCodeIsReported() throws Exception {
    Path out = tmp.resolve("status");
    String yaml =
        "name: spawned\n"
            + "command: [/bin/sh, -c, 'cat /proc/self/status > "
            + out
            + ".tmp; readlink /proc/self/fd/0 >> "
            + out
            + ".tmp; mv "
            + out
            + ".tmp "
            + out
            + "; exit 7']\n"
            + "restart: {mode: 'no'}\n"
            + "readiness: {mode: uptime, start-seconds: 0s}\n";
    var config = ConfigFile.parse(tmp.resolve("spawned.yaml"), yaml).config();
    try (var supervisor = Supervisor.of(config)) {
      supervisor.startChild();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> supervisor.status().state() == ChildState.EXITED);
      assertThat(supervisor.status().lastExitCode()).isEqualTo(7);
    }
    var lines = Files.readAllLines(out);
    Map<String, String> status =
        lines.stream()
            .filter(l -> l.contains(":\t"))
            .collect(
                Collectors.toMap(l -> l.split(":\t", 2)[0], l -> l.split(":\t", 2)[1].strip()));
    // cat is the shell's child: its session and group are the shell's, i.e. the spawned child's.
    assertThat(status.get("NSsid")).isEqualTo(status.get("NSpgid"));
    assertThat(status.get("NSsid")).isEqualTo(status.get("PPid"));
    assertThat(status.get("SigBlk")).isEqualTo("0000000000000000");
    assertThat(status.get("SigIgn")).isEqualTo("0000000000000000");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("/dev/null");
  }
}
