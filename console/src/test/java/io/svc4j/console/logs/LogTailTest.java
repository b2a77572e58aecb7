package io.svc4j.console.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live tail over a real file that grows and is rotated by rename while it is followed. */
class LogTailTest {

  @TempDir Path tmp;

  /** What the tail sent, safe to read while it writes. */
  private static final class Sent extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The lines sent (the data of events without a name). */
    List<String> data() {
      return events(false);
    }

    /** The data of the {@code start} events. */
    List<String> starts() {
      return events(true);
    }

    private List<String> events(boolean start) {
      return java.util.Arrays.stream(text().split("\n\n"))
          .filter(e -> e.startsWith("event: start\n") == start)
          .flatMap(e -> e.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)))
          .toList();
    }

    List<String> ids() {
      return text().lines().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
    }
  }

  private static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void sendsTheLastLinesThenNewOnesAndFollowsRotationsWithoutLosingOrRepeatingALine()
      throws Exception {
    Path file = tmp.resolve("web.out.log");
    StringBuilder old = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      old.append("old ").append(i).append('\n');
    }
    append(file, old.toString());
    Sent sent = new Sent();
    var open = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread tail =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    LogTail.stream(file, sent, null, open::get);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    try {
      // The last 8 KiB, its first (cut) line left out.
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.data().contains("old 1999"));
      List<String> first = sent.data();
      assertThat(String.join("\n", first).length()).isLessThanOrEqualTo(LogTail.INITIAL_BYTES);
      int from = Integer.parseInt(first.get(0).substring(4));
      assertThat(first).isEqualTo(IntStream.range(from, 2000).mapToObj(i -> "old " + i).toList());

      // New lines, and two rotations by rename, one right after lines were appended.
      List<String> expected = new ArrayList<>(first);
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 50; i++) {
          append(file, "new " + round + " " + i + "\n");
          expected.add("new " + round + " " + i);
        }
        if (round < 2) {
          // As the supervisor rotates: web.out.log.1 becomes .2, the file becomes .1.
          if (round == 1) {
            Files.move(tmp.resolve("web.out.log.1"), tmp.resolve("web.out.log.2"));
          }
          Files.move(file, tmp.resolve("web.out.log.1"));
          append(file, "");
        }
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                List<String> got = sent.data();
                int same = 0;
                while (same < got.size()
                    && same < expected.size()
                    && got.get(same).equals(expected.get(same))) {
                  same++;
                }
                assertThat(got.subList(same, Math.min(got.size(), same + 5)))
                    .as("after %d equal lines of %d (got %d)", same, expected.size(), got.size())
                    .isEqualTo(expected.subList(same, Math.min(expected.size(), same + 5)));
              });
      // Every line has its cursor; the first one's cursor pages back to the line before it.
      assertThat(sent.ids()).hasSize(expected.size());
      LogHistory.Page before =
          LogHistory.before(
              LogChain.of(file), LogCursor.decode(sent.ids().get(0)).orElseThrow(), 2);
      assertThat(before.lines()).containsExactly("old " + (from - 2), "old " + (from - 1));
    } finally {
      open.set(false);
      tail.join(Duration.ofSeconds(5));
    }
    assertThat(tail.isAlive()).isFalse();
  }

  @Test
  void aBrowserThatReconnectsGoesOnAfterTheLastLineItSaw() throws Exception {
    Path file = tmp.resolve("web.out.log");
    append(file, "a\nb\nc\n");
    Sent sent = new Sent();
    var open = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread tail = Thread.ofVirtual().start(() -> run(file, sent, null, open));
    await().atMost(Duration.ofSeconds(5)).until(() -> sent.data().size() == 3);
    open.set(false);
    tail.join(Duration.ofSeconds(5));
    String lastSeen = sent.ids().get(1); // the browser saw "a" and "b"

    append(file, "d\n");
    Sent again = new Sent();
    open.set(true);
    Thread resumed = Thread.ofVirtual().start(() -> run(file, again, lastSeen, open));
    await().atMost(Duration.ofSeconds(5)).until(() -> again.data().size() == 2);
    open.set(false);
    resumed.join(Duration.ofSeconds(5));
    assertThat(again.data()).containsExactly("c", "d");
  }

  @Test
  void anEmptyFileJustAfterARotationStillLeadsBackToTheRotatedLines() throws Exception {
    Path file = tmp.resolve("web.out.log");
    append(tmp.resolve("web.out.log.1"), "before 1\nbefore 2\n");
    append(file, "");
    Sent sent = new Sent();
    var open = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread tail = Thread.ofVirtual().start(() -> run(file, sent, null, open));
    await().atMost(Duration.ofSeconds(5)).until(() -> sent.text().contains("event: start"));
    open.set(false);
    tail.join(Duration.ofSeconds(5));
    assertThat(sent.data()).isEmpty();
    assertThat(sent.starts()).hasSize(1);
    LogHistory.Page page =
        LogHistory.before(
            LogChain.of(file), LogCursor.decode(sent.starts().get(0)).orElseThrow(), 10);
    assertThat(page.lines()).containsExactly("before 1", "before 2");
    assertThat(page.earlier()).isEmpty();
  }

  private static void run(
      Path file, Sent sent, String resume, java.util.concurrent.atomic.AtomicBoolean open) {
    try {
      LogTail.stream(file, sent, resume, open::get);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
