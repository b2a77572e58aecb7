package io.svc4j.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {

  @TempDir Path tmp;

  private static Chunk line(int i) {
    return new Chunk(
        String.format("%06d %s%n", i, "z".repeat(200)).getBytes(StandardCharsets.UTF_8), 1);
  }

  @Test
  void tailReachesIntoRotatedAndCompressedFiles() throws Exception {
    Path path = tmp.resolve("t.log");
    var file = new LogFile(path, 4096, 10, true, 1 << 20);
    for (int i = 0; i < 100; i++) {
      file.offer(line(i));
    }
    file.close();
    assertThat(file.rotations()).isGreaterThan(3);
    List<String> last = LogReader.tail(path, 50);
    assertThat(last).hasSize(50);
    assertThat(last.get(0)).startsWith("000050 ");
    assertThat(last.get(49)).startsWith("000099 ");
    assertThat(LogReader.tail(path, 0)).isEmpty();
  }

  @Test
  void followSeesEveryNewLineOnceAcrossRotations() throws Exception {
    Path path = tmp.resolve("f.log");
    var file = new LogFile(path, 8192, 50, false, 1 << 20);
    file.offer(line(-1 & 0)); // an old line, written before following starts
    await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(path) && Files.size(path) > 0);

    List<String> seen = new CopyOnWriteArrayList<>();
    var stop = new AtomicBoolean();
    Thread follower =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    LogReader.follow(path, seen::add, stop::get);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    // Like tail -f it starts at the end of the file it opens: lines written before that are not
    // its. Sync lines until it shows one, so it certainly sits in the file (opening it walks the
    // directory through JNA, which may take a while on a loaded machine).
    await()
        .atMost(20, TimeUnit.SECONDS)
        .pollInterval(100, TimeUnit.MILLISECONDS)
        .until(
            () -> {
              file.offer(new Chunk("sync\n".getBytes(StandardCharsets.UTF_8), 1));
              return !seen.isEmpty();
            });
    for (int i = 1; i <= 300; i++) {
      file.offer(line(i));
      if (i % 30 == 0) {
        Thread.sleep(100); // give the follower a chance to be in the middle of a file
      }
    }
    await().atMost(20, TimeUnit.SECONDS).until(() -> lines(seen).size() >= 300);
    stop.set(true);
    follower.join(5000);
    file.close();
    assertThat(file.rotations()).isGreaterThan(5);
    List<String> lines = lines(seen);
    assertThat(lines).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(lines.get(i)).startsWith(String.format("%06d ", i + 1));
    }
  }

  private static List<String> lines(List<String> seen) {
    return seen.stream().filter(l -> !l.equals("sync")).toList();
  }
}
