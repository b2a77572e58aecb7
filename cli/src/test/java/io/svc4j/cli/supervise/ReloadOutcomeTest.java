package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.Svc4jJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP to {@code svc4j run} (a real JVM) reloads the supervised service; a reload the child does
 * not finish in time is one ERROR line, no stack trace, and the service keeps running.
 */
class ReloadOutcomeTest {

  @TempDir Path dir;

  @Test
  void aReloadTheChildDoesNotFinishIsOneLineAndTheServiceRunsOn() throws Exception {
    // Speaks sd_notify, ignores SIGHUP: never sends the READY=1 that would end a reload.
    Path child = dir.resolve("child.py");
    Files.writeString(
        child,
        """
        import os, signal, socket, time
        signal.signal(signal.SIGHUP, lambda sig, frame: None)
        address = os.environ["NOTIFY_SOCKET"]
        if address.startswith("@"):
            address = "\\0" + address[1:]
        socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"READY=1", address)
        while True:
            time.sleep(1)
        """);
    Path config = dir.resolve("slow.yaml");
    Files.writeString(
        config,
        """
        name: slow-reload
        command: [python3, %s]
        readiness: {mode: notify}
        reload: {timeout: 500ms}
        """
            .formatted(child));
    Process run =
        new ProcessBuilder(Svc4jJvm.command("run", "--config", config.toString()))
            .redirectErrorStream(true)
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (var in =
                      new BufferedReader(
                          new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                  } catch (java.io.IOException e) {
                    lines.add("read failed: " + e);
                  }
                });
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> lines.stream().anyMatch(l -> l.contains("STARTING -> RUNNING")));

      signal("HUP", run.pid());

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lines.stream().anyMatch(l -> l.contains("Reload of")));
      assertThat(run.isAlive()).as("the service runs on").isTrue();
      signal("TERM", run.pid());
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      run.destroyForcibly();
      reader.join(10_000);
    }
    String output = String.join("\n", lines);
    assertThat(output).contains("reload: signal 1 sent to pid").doesNotContain("\tat ");
    assertThat(lines.stream().filter(l -> l.contains("ERROR")).toList())
        .as(output)
        .singleElement()
        .asString()
        .endsWith(
            "Reload of slow-reload failed, the previous configuration stays: slow-reload:"
                + " reload: the child did not report READY=1 within 500 ms after SIGHUP");
    assertThat(run.exitValue()).as(output).isZero();
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }
}
