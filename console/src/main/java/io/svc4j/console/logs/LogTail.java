package io.svc4j.console.logs;

import io.svc4j.supervisor.logs.TrustedLogFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The live tail of a log file as server-sent events: the last lines first, then every new line as
 * it is written (polled). One {@code data:} event per line, whose {@code id:} is the line's {@link
 * LogCursor}: the page asks for the lines before its first line with it, and a browser that
 * reconnects sends it back ({@code Last-Event-ID}) to go on after that line. A rotation is followed
 * by identity: the renamed file is read to its end before the new one is opened, so no line is lost
 * or sent twice. Memory per tail is bounded: one read buffer and one line of at most {@link
 * BoundedLines#MAX_LINE} bytes.
 */
final class LogTail {

  static final int INITIAL_BYTES = 8192;
  private static final long POLL_MS = 200;
  private static final long KEEPALIVE_MS = 15_000;

  private final Path file;
  private final OutputStream out;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private final byte[] line = new byte[BoundedLines.MAX_LINE];
  private final StringBuilder events = new StringBuilder();
  private FileChannel channel;
  private String key;
  private byte[] head = new byte[0];
  private long position; // of the next byte read from channel
  private long lineStart;
  private int length;
  private boolean cut;
  private boolean skipFirst;

  private LogTail(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Streams {@code file} to {@code out} (the response, headers already sent) until {@code open}
   * says false or the browser goes away; {@code resume} is the browser's {@code Last-Event-ID}.
   */
  static void stream(Path file, OutputStream out, String resume, BooleanSupplier open)
      throws IOException {
    var tail = new LogTail(file, out);
    try {
      tail.run(LogCursor.decode(resume), open);
    } finally {
      tail.closeChannel();
    }
  }

  private void run(Optional<LogCursor> resume, BooleanSupplier open) throws IOException {
    write(": tail\n\n");
    long quiet = System.currentTimeMillis();
    boolean first = true;
    while (open.getAsBoolean()) {
      if (channel == null) {
        if (!openFile(first ? resume : null, first)) {
          first = false;
          quiet = keepalive(quiet);
          sleep();
          continue;
        }
        first = false;
      }
      if (readAvailable()) {
        quiet = System.currentTimeMillis();
        continue;
      }
      String now = new LogPart(file, "current", false).key();
      if (now != null && !now.equals(key)) {
        // Rotated: what was written to the old file since the last look is read first.
        while (readAvailable()) {}
        if (length > 0 || cut) {
          emit(); // a last line without its newline
        }
        closeChannel();
        readSuccessors();
        continue;
      }
      quiet = keepalive(quiet);
      sleep();
    }
  }

  /** Opens the current file; false when there is none yet. */
  private boolean openFile(Optional<LogCursor> resume, boolean first) throws IOException {
    TrustedLogFiles.Opened opened;
    try {
      opened = TrustedLogFiles.open(file);
    } catch (NoSuchFileException e) {
      return false;
    }
    channel = opened.channel();
    // Of what was opened, not of the name: a rotation right after the open is then still seen.
    key = String.valueOf(opened.key());
    head = readHead();
    long size = channel.size();
    position = 0;
    skipFirst = false;
    if (resume != null && resume.isPresent() && resume.get().key().equals(key)) {
      position = Math.min(resume.get().offset(), size); // the browser saw that line: skip it
      skipFirst = true;
    } else if (first && size > INITIAL_BYTES) {
      position = size - INITIAL_BYTES; // the first line is cut: skipped
      skipFirst = true;
    }
    lineStart = position;
    length = 0;
    cut = false;
    if (first && !skipFirst) {
      // Where the view starts, for "load earlier" before any line arrived (an empty file just
      // after a rotation, say): the lines before it are in the rotated files.
      write("event: start\ndata: " + LogCursor.at(key, head, position).encode() + "\n\n");
    }
    return true;
  }

  private byte[] readHead() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(LogCursor.HEAD);
    while (b.hasRemaining() && channel.read(b, b.position()) > 0) {}
    byte[] h = new byte[b.position()];
    System.arraycopy(b.array(), 0, h, 0, h.length);
    return h;
  }

  /** Reads what is there and sends its whole lines; false when nothing was new. */
  private boolean readAvailable() throws IOException {
    int n = channel.read(buffer.clear(), position);
    if (n <= 0) {
      return false;
    }
    if (head.length < LogCursor.HEAD && position < LogCursor.HEAD) {
      head = readHead(); // the file was shorter than the head when opened
    }
    byte[] data = buffer.array();
    for (int i = 0; i < n; i++) {
      byte b = data[i];
      if (b == '\n') {
        emit();
        lineStart = position + i + 1;
      } else if (length < line.length) {
        line[length++] = b;
      } else {
        cut = true;
      }
    }
    position += n;
    if (!events.isEmpty()) {
      write(events.toString());
      events.setLength(0);
    }
    return true;
  }

  private void emit() {
    if (skipFirst) {
      skipFirst = false;
    } else {
      event(LogCursor.at(key, head, lineStart), BoundedLines.text(line, length, cut));
    }
    length = 0;
    cut = false;
  }

  /**
   * Several rotations since the last look: the files rotated after the one just read (found by its
   * identity among the rotated ones) are sent whole, oldest first, before the new current file.
   */
  private void readSuccessors() throws IOException {
    List<LogPart> parts = LogChain.of(file);
    int index = -1;
    for (int i = 1; i < parts.size(); i++) {
      if (key.equals(parts.get(i).key())) {
        index = i;
      }
    }
    for (int i = index - 1; i >= 1; i--) {
      LogPart part = parts.get(i);
      String partKey = part.key();
      byte[] partHead = part.head(LogCursor.HEAD);
      try (var in = part.open()) {
        BoundedLines.read(
            in,
            Long.MAX_VALUE,
            true,
            (start, text) -> {
              event(LogCursor.at(partKey, partHead, start), text);
              return true;
            });
      } catch (NoSuchFileException e) {
        continue; // compressed or dropped meanwhile
      }
      write(events.toString());
      events.setLength(0);
    }
  }

  private void event(LogCursor cursor, String text) {
    events
        .append("id: ")
        .append(cursor.encode())
        .append("\ndata: ")
        .append(text.replace("\r", ""))
        .append("\n\n");
  }

  private long keepalive(long quiet) throws IOException {
    if (System.currentTimeMillis() - quiet > KEEPALIVE_MS) {
      write(": keepalive\n\n");
      return System.currentTimeMillis();
    }
    return quiet;
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("tail interrupted", e);
    }
  }
}
