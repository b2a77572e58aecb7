package io.svc4j.watcher;

import io.svc4j.watcher.backend.FileIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The last known state of one path: enough to tell a change (size, mtime, file identity) without
 * reading or hashing the file, so that start-up and rescans stay cheap.
 */
record Entry(FileType type, long size, long mtimeNanos, String fileKey) {

  /** The state of {@code path} now, not following links; empty if it does not exist. */
  static Optional<Entry> stat(Path path) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      FileType t = FileType.of(a);
      return Optional.of(
          new Entry(
              t,
              t == FileType.FILE ? a.size() : -1,
              a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                  + a.lastModifiedTime().toInstant().getNano(),
              // Windows: the JDK gives no fileKey; without one, renames cannot be paired.
              a.fileKey() != null ? a.fileKey().toString() : FileIdentity.of(path).orElse(null)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }

  /** Content or metadata differs in what a rescan can see. */
  boolean differsFrom(Entry other) {
    return type != other.type
        || size != other.size
        || mtimeNanos != other.mtimeNanos
        || !java.util.Objects.equals(fileKey, other.fileKey);
  }
}
