package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's JVM is killed with SIGKILL: no process of its child's tree may survive it. */
class SupervisorKilledTest {

  @TempDir Path tmp;

  @Test
  void killingTheSupervisorWithSigkillLeavesNoOrphan() throws Exception {
    Path pids = tmp.resolve("pids");
    Path ready = tmp.resolve("ready");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var jvm =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                SupervisorMain.class.getName(),
                pids.toString(),
                ready.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("supervisor.out").toFile())
            .start();
    try {
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(ready) || !jvm.isAlive());
      assertThat(jvm.isAlive())
          .as(() -> "supervisor JVM died: " + read(tmp.resolve("supervisor.out")))
          .isTrue();
      String[] info = Files.readString(ready).trim().split(" ");
      String tag = info[1];
      List<Long> tree = Procs.pids(pids);
      assertThat(tree).hasSize(6).allMatch(Procs::alive);
      assertThat(tagged(tag)).isNotEmpty();

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      jvm.waitFor(20, TimeUnit.SECONDS);

      await()
          .atMost(20, TimeUnit.SECONDS)
          .untilAsserted(
              () -> {
                assertThat(tree).noneMatch(Procs::alive);
                assertThat(tagged(tag)).isEmpty();
                assertThat(Path.of(info[2])).doesNotExist(); // the runtime directory
              });
    } finally {
      jvm.destroyForcibly();
    }
  }

  /** Live processes whose environment carries {@code tag}. */
  private static List<Long> tagged(String tag) throws IOException {
    byte[] needle = ("\0" + tag + "\0").getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(
              p -> {
                try {
                  byte[] env = Files.readAllBytes(p.resolve("environ"));
                  byte[] padded = new byte[env.length + 1];
                  System.arraycopy(env, 0, padded, 1, env.length);
                  return indexOf(padded, needle) >= 0;
                } catch (IOException e) {
                  return false;
                }
              })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .filter(Procs::alive)
          .toList();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
