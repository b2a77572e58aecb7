package io.svc4j.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running {@link LogFile} told to change its limits or its place, between two chunks. */
class LogFileSwitchTest {

  @TempDir Path tmp;

  private static Chunk line(int i) {
    return new Chunk(
        String.format("%05d %s%n", i, "z".repeat(94)).getBytes(StandardCharsets.UTF_8), 1);
  }

  private static LogDirectory open(Path dir) throws IOException {
    return LogDirectory.open(Files.createDirectories(dir), LogAccess.current());
  }

  @Test
  void aSmallerMaxSizeRotatesAtOnceAndASmallerKeepRemovesTheRotatedFilesBeyondIt()
      throws Exception {
    LogDirectory dir = open(tmp.resolve("a"));
    var file = new LogFile(dir, true, "x.log", 1024 * 1024, null, 10, false, 1024 * 1024);
    try {
      // 100-byte lines, 40 KiB files: rotated 4 times by 200 lines.
      file.reconfigure(new LogLimits(40 * 1024, null, 10, false, 1024 * 1024))
          .get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 1700; i++) {
        file.offer(line(i));
      }
      file.reconfigure(new LogLimits(40 * 1024, null, 2, false, 1024 * 1024))
          .get(10, TimeUnit.SECONDS);
      assertThat(tmp.resolve("a/x.log.4")).doesNotExist();
      assertThat(tmp.resolve("a/x.log.3")).doesNotExist();
      assertThat(tmp.resolve("a/x.log.2")).exists();
      long current = Files.size(tmp.resolve("a/x.log"));
      assertThat(current).isPositive().isLessThan(40 * 1024);
      // Below what the current file holds: rotated at once, before the next line.
      file.reconfigure(new LogLimits(1024, null, 2, true, 1024 * 1024)).get(10, TimeUnit.SECONDS);
      assertThat(Files.size(tmp.resolve("a/x.log"))).isZero();
    } finally {
      file.close();
    }
    assertThat(tmp.resolve("a/x.log.1.gz")).exists(); // gzip turned on: the rotation above
    assertThat(tmp.resolve("a/x.log.3")).doesNotExist();
  }

  @Test
  void rotationByAgeTurnedOnWhileRunningRotatesAnIdleFile() throws Exception {
    LogDirectory dir = open(tmp.resolve("b"));
    var file = new LogFile(dir, true, "x.log", 1024 * 1024, null, 3, false, 1024 * 1024);
    try {
      file.offer(line(1));
      file.reconfigure(
              new LogLimits(1024 * 1024, java.time.Duration.ofMillis(200), 3, false, 1024 * 1024))
          .get(10, TimeUnit.SECONDS);
      // No line comes after: the writer wakes by itself (before, it waited for the next line).
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() -> Files.exists(tmp.resolve("b/x.log.1")));
      assertThat(Files.readAllLines(tmp.resolve("b/x.log.1"))).hasSize(1);
    } finally {
      file.close();
    }
  }

  @Test
  void aMoveContinuesAtTheNextChunkWithNothingLostOrDoubled() throws Exception {
    LogDirectory first = open(tmp.resolve("first"));
    LogDirectory second = open(tmp.resolve("second"));
    var file = new LogFile(first, false, "x.log", 1024 * 1024, null, 5, false, 8 * 1024 * 1024);
    int total = 20_000;
    var moved = new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < total; i++) {
                    if (i == total / 2) {
                      file.moveTo(second, "y.log");
                      moved.set(i);
                    }
                    assertThat(file.offer(line(i))).isTrue();
                  }
                });
    producer.join();
    file.close();
    List<String> lines = new ArrayList<>(Files.readAllLines(tmp.resolve("first/x.log")));
    assertThat(lines).hasSize(total / 2);
    lines.addAll(Files.readAllLines(tmp.resolve("second/y.log")));
    assertThat(lines).hasSize(total);
    for (int i = 0; i < total; i++) {
      assertThat(lines.get(i)).startsWith(String.format("%05d ", i));
    }
    assertThat(file.path()).isEqualTo(tmp.resolve("second/y.log"));
    first.close();
    second.close();
  }
}
