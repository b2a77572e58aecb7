package io.svc4j.console.logs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A place in a stream's history: the start of a line in one of its files. The file is named by its
 * identity (inode) and by a checksum of its first bytes, because a rotation renames it (same inode)
 * and compression rewrites it (new inode, same content); never by its path, so a cursor handed to
 * the browser shows no path.
 *
 * @param key the file's identity when the cursor was made
 * @param headLength how many of its first bytes the checksum covers
 * @param headCrc CRC-32 of those bytes
 * @param offset the line's start, in uncompressed bytes
 */
record LogCursor(String key, int headLength, long headCrc, long offset) {

  static final int HEAD = 256;

  /** A cursor at {@code offset} of {@code part}, whose first bytes are {@code head}. */
  static LogCursor at(String key, byte[] head, long offset) {
    return new LogCursor(key == null ? "" : key, head.length, crc(head), offset);
  }

  String encode() {
    String raw = key + "|" + headLength + "|" + headCrc + "|" + offset;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor {@code text} holds; empty when it is not one of ours. */
  static Optional<LogCursor> decode(String text) {
    if (text == null || text.length() > 512) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] p = raw.split("\\|", -1);
      if (p.length != 4) {
        return Optional.empty();
      }
      var c =
          new LogCursor(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]));
      return c.headLength < 0 || c.headLength > HEAD || c.offset < 0
          ? Optional.empty()
          : Optional.of(c);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code head} (a file's first bytes) starts like the cursor's file did. */
  boolean sameHead(byte[] head) {
    if (head.length < headLength) {
      return false;
    }
    CRC32 c = new CRC32();
    c.update(head, 0, headLength);
    return c.getValue() == headCrc;
  }

  static long crc(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    return c.getValue();
  }
}
