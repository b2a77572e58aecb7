package io.svc4j.watcher;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One settled change, after debounce and coalescing.
 *
 * @param kind what happened
 * @param path the path now (for a deletion: the path that is gone; for an overflow: the rescanned
 *     directory)
 * @param oldPath for {@link EventKind#RENAMED}: where it was
 * @param type the file type (of the new state; for a deletion, of the last known state)
 * @param size bytes for a regular file, -1 when not known or not a file
 * @param time when the change was settled and reported
 * @param fromRescan true when found by a rescan after an overflow rather than by a kernel event
 */
public record WatchEvent(
    EventKind kind,
    Path path,
    Optional<Path> oldPath,
    FileType type,
    long size,
    Instant time,
    boolean fromRescan) {

  public WatchEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(oldPath, "oldPath");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
  }

  /** A plain one-line rendering: {@code KIND PATH} (or {@code renamed OLD -> NEW}). */
  public String toLine() {
    String base =
        kind == EventKind.RENAMED && oldPath.isPresent()
            ? kind.wire() + " " + oldPath.get() + " -> " + path
            : kind.wire() + " " + path;
    return fromRescan && kind != EventKind.OVERFLOW_RESCAN ? base + " (rescan)" : base;
  }
}
