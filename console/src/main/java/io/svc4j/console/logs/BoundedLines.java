package io.svc4j.console.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a stream into lines without ever holding more than one line's first {@link #MAX_LINE}
 * bytes: a longer line is cut (its rest skipped) and marked, so a 1 GB line costs no memory.
 */
final class BoundedLines {

  /** Bytes of one line that are kept and shown. */
  static final int MAX_LINE = 16 * 1024;

  static final String CUT = " [… line cut]";

  /** Receives each line with the offset of its first byte; returns false to stop reading. */
  interface Sink {
    boolean line(long start, String text) throws IOException;
  }

  private BoundedLines() {}

  /**
   * Reads {@code in} from offset 0 up to {@code end} (exclusive; a line that starts before {@code
   * end} is read whole); a last line without a newline counts when {@code last} is true.
   */
  static void read(InputStream in, long end, boolean last, Sink sink) throws IOException {
    byte[] buf = new byte[64 * 1024];
    byte[] line = new byte[MAX_LINE];
    int length = 0;
    boolean cut = false;
    long pos = 0;
    long start = 0;
    int n;
    while (start < end && (n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++, pos++) {
        byte b = buf[i];
        if (b == '\n') {
          if (!sink.line(start, text(line, length, cut))) {
            return;
          }
          length = 0;
          cut = false;
          start = pos + 1;
          if (start >= end) {
            return;
          }
        } else if (length < MAX_LINE) {
          line[length++] = b;
        } else {
          cut = true;
        }
      }
    }
    if (last && (length > 0 || cut) && start < end) {
      sink.line(start, text(line, length, cut));
    }
  }

  static String text(byte[] bytes, int length, boolean cut) {
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
    return cut ? s + CUT : s;
  }
}
