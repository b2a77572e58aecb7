package io.svc4j.console.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.supervisor.logs.Chunk;
import io.svc4j.supervisor.logs.LogFile;
import io.svc4j.supervisor.logs.LogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Load earlier" and search over files written and rotated by the supervisor's real {@link LogFile}
 * (plain and gzip), read back page by page to the very first line that is still kept.
 */
class LogHistoryTest {

  @TempDir Path tmp;

  private static void write(LogFile log, int from, int to) {
    for (int i = from; i <= to; i++) {
      byte[] line =
          ("line " + i + " " + "x".repeat(i % 37) + "\n").getBytes(StandardCharsets.UTF_8);
      assertThat(log.offer(new Chunk(line, 1))).isTrue();
    }
  }

  private static LogCursor end(Path file) throws Exception {
    LogPart current = LogChain.of(file).get(0);
    return LogCursor.at(current.key(), current.head(LogCursor.HEAD), Files.size(file));
  }

  /** Pages backwards from {@code cursor} to the beginning; the lines oldest first. */
  private static List<String> allBefore(Path file, LogCursor cursor, int page) throws Exception {
    List<String> all = new ArrayList<>();
    Optional<LogCursor> at = Optional.of(cursor);
    int pages = 0;
    while (at.isPresent()) {
      LogHistory.Page p = LogHistory.before(LogChain.of(file), at.get(), page);
      assertThat(p.lines().size()).isLessThanOrEqualTo(page);
      all.addAll(0, p.lines());
      at = p.earlier();
      assertThat(++pages).isLessThan(10_000);
    }
    return all;
  }

  @Test
  void pagesBackThroughTheCurrentAndEveryGzipRotatedFileToTheFirstKeptLine() throws Exception {
    Path file = tmp.resolve("web.out.log");
    try (LogFile log = new LogFile(file, 4096, 4, true, 1 << 20)) {
      write(log, 1, 600);
    }
    assertThat(LogChain.of(file).stream().map(LogPart::label))
        .containsExactly("current", "rotated 1", "rotated 2", "rotated 3", "rotated 4");
    assertThat(LogChain.of(file).stream().filter(LogPart::gzip)).hasSize(4);
    List<String> kept = LogReader.tail(file, 100_000); // the supervisor's own reader
    assertThat(kept.get(kept.size() - 1)).startsWith("line 600 ");

    assertThat(allBefore(file, end(file), 50)).isEqualTo(kept);
    assertThat(allBefore(file, end(file), 7)).isEqualTo(kept);
  }

  @Test
  void pagesBackThroughPlainRotatedFiles() throws Exception {
    Path file = tmp.resolve("web.err.log");
    try (LogFile log = new LogFile(file, 2048, 3, false, 1 << 20)) {
      write(log, 1, 300);
    }
    assertThat(LogChain.of(file)).hasSize(4).noneMatch(LogPart::gzip);
    assertThat(allBefore(file, end(file), 30)).isEqualTo(LogReader.tail(file, 100_000));
  }

  @Test
  void aCursorStillWorksAfterItsFileWasRotatedAndCompressed() throws Exception {
    Path file = tmp.resolve("web.out.log");
    try (LogFile log = new LogFile(file, 4096, 5, true, 1 << 20)) {
      write(log, 1, 100);
      log.close();
    }
    // The page's first lines are in the current file...
    LogHistory.Page page = LogHistory.before(LogChain.of(file), end(file), 5);
    assertThat(page.lines()).last().asString().startsWith("line 100 ");
    LogCursor cursor = page.earlier().orElseThrow();
    // ...which then rotates (renamed, compressed to a new inode) while the page is open.
    try (LogFile log = new LogFile(file, 4096, 5, true, 1 << 20)) {
      write(log, 101, 200);
    }
    LogHistory.Page next = LogHistory.before(LogChain.of(file), cursor, 3);
    assertThat(next.lines()).hasSize(3);
    assertThat(next.lines().get(2)).startsWith("line 95 ");
    assertThat(next.lines().get(0)).startsWith("line 93 ");
  }

  @Test
  void aCursorWhoseFileIsNoLongerKeptIsGone() throws Exception {
    Path file = tmp.resolve("web.out.log");
    Files.writeString(file, "one\ntwo\n");
    LogCursor cursor = end(file);
    Files.delete(file);
    Files.writeString(file, "something else entirely\n");
    assertThatThrownBy(() -> LogHistory.before(LogChain.of(file), cursor, 10))
        .isInstanceOf(LogHistory.GoneException.class);
  }

  @Test
  void aHugeLineWithoutNewlineIsReadInBoundedCutPieces() throws Exception {
    Path file = tmp.resolve("big.log");
    // 6 MiB of one line, then a short one: each page reads at most MAX_SCAN bytes back.
    try (var out = Files.newOutputStream(file)) {
      out.write("first\n".getBytes(StandardCharsets.UTF_8));
      byte[] block = "y".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 6; i++) {
        out.write(block);
      }
      out.write("\nlast\n".getBytes(StandardCharsets.UTF_8));
    }
    LogHistory.Page page = LogHistory.before(LogChain.of(file), end(file), 50);
    assertThat(page.lines()).last().isEqualTo("last");
    List<String> all = allBefore(file, end(file), 50);
    assertThat(all.get(0)).isEqualTo("first");
    assertThat(all.get(all.size() - 1)).isEqualTo("last");
    assertThat(all).allMatch(l -> l.length() <= BoundedLines.MAX_LINE + 40);
    assertThat(all.size()).isBetween(4, 12); // the long line in a few cut pieces
  }

  @Test
  void searchFindsLinesInEveryFileIgnoringCaseLiterallyAndKeepsTheNewestWithinTheLimit()
      throws Exception {
    Path file = tmp.resolve("web.out.log");
    try (LogFile log = new LogFile(file, 4096, 4, true, 1 << 20)) {
      write(log, 1, 600);
    }
    List<String> kept = LogReader.tail(file, 100_000);
    List<String> expected = kept.stream().filter(l -> l.matches("line \\d*7 .*")).toList();
    var all = LogSearch.search(LogChain.of(file), "7 X", 1000, 1 << 30, 10_000);
    assertThat(all.matches().stream().map(LogSearch.Match::line))
        .isEqualTo(kept.stream().filter(l -> l.contains("7 x")).toList());
    assertThat(all.matches().stream().map(LogSearch.Match::file)).contains("current", "rotated 4");
    assertThat(all.partial()).isNull();
    assertThat(all.limited()).isFalse();
    assertThat(expected).isNotEmpty();

    var newest = LogSearch.search(LogChain.of(file), "7 x", 3, 1 << 30, 10_000);
    List<String> all7 = all.matches().stream().map(LogSearch.Match::line).toList();
    assertThat(newest.matches().stream().map(LogSearch.Match::line))
        .isEqualTo(all7.subList(all7.size() - 3, all7.size()));
    assertThat(newest.limited()).isTrue();

    // Literal: a regular expression's characters mean themselves.
    assertThat(LogSearch.search(LogChain.of(file), ".*", 10, 1 << 30, 10_000).matches()).isEmpty();
    // Bounded by bytes: the search says it stopped early.
    var bounded = LogSearch.search(LogChain.of(file), "line", 10_000, 2000, 10_000);
    assertThat(bounded.partial()).contains("searched the newest");
    assertThat(IntStream.of(bounded.matches().size()).sum()).isLessThan(kept.size());
  }

  @Test
  void aSymbolicLinkAmongTheRotatedFilesIsNeverRead() throws Exception {
    Path file = tmp.resolve("web.out.log");
    Files.writeString(file, "current line\n");
    Path secret = tmp.resolve("elsewhere-secret");
    Files.writeString(secret, "root:secret-hash\n");
    // Planted where a rotated file would be, and as the file being written to.
    Files.createSymbolicLink(tmp.resolve("web.out.log.1"), secret);
    Files.createSymbolicLink(tmp.resolve("web.out.log.2.gz"), secret);
    assertThat(LogChain.of(file)).extracting(LogPart::label).containsExactly("current");
    assertThat(LogSearch.search(LogChain.of(file), "secret", 10, 1 << 20, 10_000).matches())
        .isEmpty();
    assertThat(allBefore(file, end(file), 10)).containsExactly("current line");

    Path linked = tmp.resolve("api.out.log");
    Files.createSymbolicLink(linked, secret);
    assertThatThrownBy(() -> LogSearch.search(LogChain.of(linked), "secret", 10, 1 << 20, 10_000))
        .isInstanceOf(java.io.IOException.class);
  }
}
