package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor as a whole process, hosted by core's ServiceHost on the console platform. */
class RunHostedTest {

  private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(5);

  @TempDir Path tmp;

  private Process start(Path socket, Path out) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                HostedMain.class.getName(),
                socket.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().remove("NOTIFY_SOCKET"); // the console platform, whatever runs the tests
    return builder.start();
  }

  @Test
  void sigtermStopsTheTreeAndExitsZeroAndASecondInstanceIsRefused() throws Exception {
    Path socket = tmp.resolve("hosted.sock");
    Path out = tmp.resolve("out");
    Process jvm = start(socket, out);
    try {
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () ->
                  ControlClient.answers(socket)
                      && ControlClient.send(socket, SupervisorCommand.STATUS, TIMEOUT)
                              .status()
                              .state()
                          == ChildState.RUNNING);
      long child = ControlClient.send(socket, SupervisorCommand.STATUS, TIMEOUT).status().pid();

      Path out2 = tmp.resolve("out2");
      Process second = start(socket, out2);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).isEqualTo(2);
      assertThat(Files.readString(out2))
          .contains("another supervisor already listens on " + socket);

      jvm.destroy(); // SIGTERM, as systemd stop would send
      assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(jvm.exitValue()).as(() -> read(out)).isZero();
      assertThat(Procs.alive(child)).isFalse();
      assertThat(socket).doesNotExist();
    } finally {
      jvm.destroyForcibly();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
