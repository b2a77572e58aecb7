package io.svc4j.console.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.GZIPInputStream;

/**
 * One file of a stream's history: the file being written, or a rotated one ({@code name.N}, {@code
 * name.N.gz}, or {@code name.rotating-N} while the supervisor compresses it).
 *
 * @param path where it is (never sent to the browser)
 * @param label what the page may show: {@code current}, {@code rotated 1}, ...
 * @param gzip whether it is compressed
 */
record LogPart(Path path, String label, boolean gzip) {

  /** The file's identity (device and inode on Unix), null when it is gone. */
  String key() {
    try {
      Object k =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      return k == null ? null : k.toString();
    } catch (IOException e) {
      return null;
    }
  }

  /** Its content from the start, decompressed; a symbolic link is not followed. */
  InputStream open() throws IOException {
    InputStream in = Files.newInputStream(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    return gzip ? new GZIPInputStream(in, 64 * 1024) : in;
  }

  /** Its first {@code max} bytes (fewer when it is shorter), decompressed. */
  byte[] head(int max) throws IOException {
    try (InputStream in = open()) {
      return in.readNBytes(max);
    }
  }
}
