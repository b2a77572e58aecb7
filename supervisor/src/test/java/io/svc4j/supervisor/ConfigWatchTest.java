package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reload-on-change: true}: a hosted supervisor in its own JVM (as {@code svc4j run --config
 * F}) watches its file with core's file watch; editors' saves by rename are seen, a live change
 * keeps the child, a new command replaces it once, a broken save keeps the running generation.
 */
class ConfigWatchTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path tmp;

  private static String yaml(String command, String restartMode) {
    return "name: watched\n"
        + "reload-on-change: true\n"
        + "command: "
        + command
        + "\n"
        + "restart: {mode: "
        + restartMode
        + "}\n"
        + "readiness: {start-seconds: 0s}\n";
  }

  private static SupervisedStatus status(Path socket) throws Exception {
    return ControlClient.send(socket, SupervisorCommand.STATUS, TIMEOUT).status();
  }

  @Test
  void editsOfTheFileApplyAndABrokenEditKeepsTheRunningGeneration() throws Exception {
    Path file = tmp.resolve("watched.yaml");
    Path socket = tmp.resolve("watched.sock");
    Path out = tmp.resolve("out");
    Files.writeString(file, yaml("[sleep, '300']", "always"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RereadingMain.class.getName(),
                file.toString(),
                socket.toString(),
                tmp.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().remove("NOTIFY_SOCKET");
    Process jvm = builder.start();
    try {
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () -> ControlClient.answers(socket) && status(socket).state() == ChildState.RUNNING);
      long pid = status(socket).pid();
      assertThat(status(socket).configGeneration()).isEqualTo(1);

      // A live setting: the same child, generation 2.
      RereadFile.save(file, yaml("[sleep, '300']", "on-failure"));
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertThat(status(socket).configGeneration()).isEqualTo(2));
      assertThat(status(socket).pid()).isEqualTo(pid);

      // A broken save: logged with its place, generation 2 and its child stay.
      RereadFile.save(file, yaml("[sleep, '301']", "sometimes"));
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> Files.readString(out).contains("configuration generation 2 stays"));
      assertThat(Files.readString(out)).contains(file + ":4:");
      assertThat(status(socket).configGeneration()).isEqualTo(2);
      assertThat(status(socket).pid()).isEqualTo(pid);

      // A new command: the child is replaced, generation 3.
      RereadFile.save(file, yaml("[sleep, '301']", "on-failure"));
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(
              () -> {
                var s = status(socket);
                assertThat(s.configGeneration()).isEqualTo(3);
                assertThat(s.state()).isEqualTo(ChildState.RUNNING);
                assertThat(s.pid()).isNotEqualTo(pid);
              });
      long next = status(socket).pid();
      // Once its exec is complete: the pid is reported (RUNNING with start-seconds 0) before.
      assertThat(Procs.cmdline(next)).contains("sleep 301");
      assertThat(Procs.alive(pid)).isFalse();

      jvm.destroy();
      assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Procs.alive(next)).isFalse();
    } finally {
      jvm.destroyForcibly();
    }
  }
}
