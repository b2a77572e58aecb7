package io.svc4j.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {

  @TempDir Path tmp;

  private static Chunk line(int i) {
    return new Chunk(
        String.format("%06d %s%n", i, "y".repeat(1000)).getBytes(StandardCharsets.UTF_8), 1);
  }

  /**
   * A disk that does not keep up: the log file is a FIFO nobody reads yet, so the writer blocks
   * once the pipe is full (a stand-in directory opens it: real log directories refuse FIFOs).
   * Offers must not block, and the lines that did not fit are counted and reported in the file
   * itself.
   */
  @Test
  void whenTheDiskStallsLinesAreDroppedCountedAndReportedButNeverBlockTheProducer()
      throws Exception {
    Path fifo = tmp.resolve("stalled.log");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    CompletableFuture<InputStream> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new FileInputStream(fifo.toFile());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    var file =
        new LogFile(
            new FifoDirectory(tmp), true, "stalled.log", Long.MAX_VALUE, null, 0, false, 64 * 1024);
    InputStream in = reader.get(10, TimeUnit.SECONDS);

    int offered = 2000; // ~2 MB against a 64 KiB pipe and a 64 KiB budget
    long began = System.nanoTime();
    int accepted = 0;
    for (int i = 0; i < offered; i++) {
      if (file.offer(line(i))) {
        accepted++;
      }
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began)).isLessThan(5);
    assertThat(file.droppedLines()).isPositive().isEqualTo(offered - accepted);

    var content = new ByteArrayOutputStream();
    var drain =
        CompletableFuture.runAsync(
            () -> {
              try {
                in.transferTo(content);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    file.close();
    drain.get(20, TimeUnit.SECONDS);

    String text = content.toString(StandardCharsets.UTF_8);
    long written = text.lines().filter(l -> !l.startsWith("[svc4j]")).count();
    long reported =
        text.lines()
            .filter(l -> l.startsWith("[svc4j] "))
            .mapToLong(l -> Long.parseLong(l.split(" ")[1]))
            .sum();
    assertThat(written).isEqualTo(accepted).isEqualTo(file.writtenLines());
    assertThat(reported).isEqualTo(file.droppedLines());
  }

  @Test
  void writesAreVisibleWithoutClosing() throws Exception {
    Path path = tmp.resolve("live.log");
    var file = new LogFile(path, 1 << 20, 2, false, 1 << 20);
    file.offer(line(1));
    await().atMost(10, TimeUnit.SECONDS).until(() -> java.nio.file.Files.size(path) > 1000);
    file.close();
  }

  @Test
  void aFileIsAlsoRotatedByAgeButNeverWhenEmpty() throws Exception {
    Path path = tmp.resolve("aged.log");
    var file = new LogFile(path, 1 << 30, java.time.Duration.ofSeconds(1), 10, false, 1 << 20);
    file.offer(line(1));
    await().atMost(20, TimeUnit.SECONDS).until(() -> file.rotations() == 1);
    Thread.sleep(2500); // idle and empty: no further rotation
    assertThat(file.rotations()).isEqualTo(1);
    file.offer(line(2));
    file.close();
    assertThat(java.nio.file.Files.readString(path.resolveSibling("aged.log.1")))
        .startsWith("000001 ");
    assertThat(java.nio.file.Files.readString(path)).startsWith("000002 ");
  }

  /** Opens files by path, FIFOs included: only for the stalled-disk test. */
  private record FifoDirectory(Path path) implements LogDirectory {
    @Override
    public LogSink append(String name) throws java.io.IOException {
      var out = new java.io.FileOutputStream(path.resolve(name).toFile(), true);
      return new LogSink() {
        @Override
        public long initialSize() {
          return 0;
        }

        @Override
        public void write(byte[] data, int from, int length) throws LogWriteException {
          try {
            out.write(data, from, length);
          } catch (java.io.IOException e) {
            throw new LogWriteException(e.getMessage(), false);
          }
        }

        @Override
        public void truncate(long length) {}

        @Override
        public void close() throws java.io.IOException {
          out.close();
        }
      };
    }

    @Override
    public LogSink appendFresh(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public InputStream read(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.io.OutputStream create(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void rename(String from, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean exists(String name) {
      return false;
    }

    @Override
    public void close() {}
  }
}
