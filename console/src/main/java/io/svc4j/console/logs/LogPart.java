package io.svc4j.console.logs;

import io.svc4j.supervisor.logs.TrustedLogFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
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
    Object k = TrustedLogFiles.fileKey(path);
    return k == null ? null : k.toString();
  }

  /**
   * Its content from the start, decompressed; opened as the supervisor opens it ({@link
   * TrustedLogFiles}): a link is not followed, a directory someone else can change is refused.
   */
  InputStream open() throws IOException {
    InputStream in = TrustedLogFiles.newInputStream(path);
    return gzip ? new GZIPInputStream(in, 64 * 1024) : in;
  }

  /** Its plain content, to read at any position (a plain, uncompressed file). */
  FileChannel channel() throws IOException {
    return TrustedLogFiles.openForReading(path);
  }

  /** Its first {@code max} bytes (fewer when it is shorter), decompressed. */
  byte[] head(int max) throws IOException {
    try (InputStream in = open()) {
      return in.readNBytes(max);
    }
  }
}
