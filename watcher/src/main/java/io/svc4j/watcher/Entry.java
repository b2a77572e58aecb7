package io.svc4j.watcher;

import io.svc4j.watcher.backend.FileIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last known state of one path: enough to tell a change (size, mtime, file identity) without
 * reading or hashing the file, so that start-up and rescans stay cheap.
 *
 * @param fileKey the file's identity: the JDK's {@code fileKey()} object as it comes (device and
 *     inode; not turned into a string, which would cost a string per path), a string from a saved
 *     snapshot or Windows' {@link FileIdentity}, or null
 */
record Entry(FileType type, long size, long mtimeNanos, Object fileKey) {

  /** The state of {@code path} now, not following links; empty if it does not exist. */
  static Optional<Entry> stat(Path path) {
    try {
      return Optional.of(
          of(
              path,
              Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** From attributes already read (not following links), e.g. by a directory walk. */
  static Entry of(Path path, BasicFileAttributes a) {
    FileType t = FileType.of(a);
    Instant mtime = a.lastModifiedTime().toInstant();
    Object key = a.fileKey();
    return new Entry(
        t,
        t == FileType.FILE ? a.size() : -1,
        mtime.getEpochSecond() * 1_000_000_000L + mtime.getNano(),
        // Windows: the JDK gives no fileKey; without one, renames cannot be paired.
        key != null ? key : FileIdentity.of(path).orElse(null));
  }

  boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  /** Content or metadata differs in what a rescan can see. */
  boolean differsFrom(Entry other) {
    return type != other.type
        || size != other.size
        || mtimeNanos != other.mtimeNanos
        || !sameKey(fileKey, other.fileKey);
  }

  /** The JDK's key and a snapshot's string of it are the same identity when they read the same. */
  private static boolean sameKey(Object a, Object b) {
    return Objects.equals(a, b) || (a != null && b != null && a.toString().equals(b.toString()));
  }
}
