package io.svc4j.console.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * "Load earlier": the lines before a cursor, read backwards through the file being written and then
 * the rotated ones (compressed ones too). Every call reads a bounded amount: at most {@code max}
 * lines, at most {@link #MAX_SCAN} bytes of a plain file backwards, lines cut at {@link
 * BoundedLines#MAX_LINE}; a compressed file is decompressed from its start with only the last
 * {@code max} lines kept.
 */
final class LogHistory {

  /** How far back one request reads in a plain file before it returns what it has. */
  static final int MAX_SCAN = 1 << 20;

  private static final int BLOCK = 64 * 1024;

  /** Some lines, oldest first, and where to continue backwards (empty at the very beginning). */
  record Page(List<String> lines, Optional<LogCursor> earlier) {}

  /** The cursor's file is no longer kept (rotated away). */
  static final class GoneException extends Exception {
    GoneException() {
      super("those lines are no longer kept (rotated away); reopen the log", null, false, false);
    }
  }

  private record Line(long start, String text) {}

  private LogHistory() {}

  static Page before(List<LogPart> parts, LogCursor cursor, int max)
      throws IOException, GoneException {
    int index = find(parts, cursor);
    long end = cursor.offset();
    List<List<String>> chunks = new ArrayList<>(); // newest first
    int got = 0;
    LogCursor earliest = null;
    int earliestIndex = -1;
    while (index < parts.size() && got < max) {
      LogPart part = parts.get(index);
      String key = part.key();
      if (key == null) {
        index++; // gone meanwhile (shifted or compressed): the next older one
        end = Long.MAX_VALUE;
        continue;
      }
      List<Line> lines =
          part.gzip() ? gzipBefore(part, end, max - got) : before(part, end, max - got);
      if (!lines.isEmpty()) {
        chunks.add(lines.stream().map(Line::text).toList());
        got += lines.size();
        long first = lines.get(0).start();
        earliest = LogCursor.at(key, part.head(LogCursor.HEAD), first);
        earliestIndex = index;
        if (first > 0) {
          break; // more in this file: the next call continues here
        }
      }
      index++;
      end = Long.MAX_VALUE;
    }
    List<String> all = new ArrayList<>();
    for (int i = chunks.size() - 1; i >= 0; i--) {
      all.addAll(chunks.get(i));
    }
    boolean atBeginning =
        earliest == null || (earliest.offset() == 0 && earliestIndex == parts.size() - 1);
    return new Page(all, atBeginning ? Optional.empty() : Optional.of(earliest));
  }

  /** The part the cursor points into: same inode and start; else (compressed since) same start. */
  private static int find(List<LogPart> parts, LogCursor cursor) throws IOException, GoneException {
    for (int i = 0; i < parts.size(); i++) {
      LogPart p = parts.get(i);
      if (cursor.key().equals(p.key()) && cursor.sameHead(p.head(LogCursor.HEAD))) {
        return i;
      }
    }
    if (cursor.headLength() > 0) {
      for (int i = 0; i < parts.size(); i++) {
        if (cursor.sameHead(parts.get(i).head(LogCursor.HEAD))) {
          return i;
        }
      }
    }
    throw new GoneException();
  }

  /** Up to {@code max} lines of a plain file that end before {@code end}, read backwards. */
  private static List<Line> before(LogPart part, long end, int max) throws IOException {
    try (FileChannel ch = part.channel()) {
      long stop = Math.min(end, ch.size());
      long pos = stop;
      byte[] data = new byte[0];
      while (pos > 0 && data.length < MAX_SCAN && newlines(data) <= max) {
        int n = (int) Math.min(BLOCK, pos);
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b, pos - n + b.position()) > 0) {}
        pos -= n;
        byte[] joined = new byte[n + data.length];
        System.arraycopy(b.array(), 0, joined, 0, n);
        System.arraycopy(data, 0, joined, n, data.length);
        data = joined;
      }
      return split(data, pos, max);
    }
  }

  /**
   * The last {@code max} lines of {@code data} (which starts at file offset {@code base}); its
   * first line is incomplete unless it starts the file, and is dropped, unless it is the only one.
   */
  private static List<Line> split(byte[] data, long base, int max) {
    if (data.length == 0) {
      return List.of();
    }
    Deque<Line> lines = new ArrayDeque<>();
    int end = data.length;
    if (end > 0 && data[end - 1] == '\n') {
      end--;
    }
    int lineEnd = end;
    for (int i = end - 1; i >= -1; i--) {
      if (i == -1 || data[i] == '\n') {
        int s = i + 1;
        if (i == -1 && base > 0 && !lines.isEmpty()) {
          break; // the start of this line is further back: the next call reads it
        }
        lines.addFirst(new Line(base + s, clip(data, s, lineEnd, i == -1 && base > 0)));
        if (lines.size() == max) {
          break;
        }
        lineEnd = i;
      }
    }
    return List.copyOf(lines);
  }

  private static String clip(byte[] data, int from, int to, boolean headless) {
    int length = Math.min(to - from, BoundedLines.MAX_LINE);
    byte[] b = new byte[length];
    System.arraycopy(data, from, b, 0, length);
    String text = BoundedLines.text(b, length, to - from > BoundedLines.MAX_LINE);
    return headless ? "[… line cut] " + text : text;
  }

  private static int newlines(byte[] data) {
    int n = 0;
    for (byte b : data) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  /** The last {@code max} lines of a compressed file that start before {@code end}. */
  private static List<Line> gzipBefore(LogPart part, long end, int max) throws IOException {
    Deque<Line> last = new ArrayDeque<>(max);
    try (var in = part.open()) {
      BoundedLines.read(
          in,
          end,
          true,
          (start, text) -> {
            if (last.size() == max) {
              last.removeFirst();
            }
            last.addLast(new Line(start, text));
            return true;
          });
    }
    return List.copyOf(last);
  }
}
