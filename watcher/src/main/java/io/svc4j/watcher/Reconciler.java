package io.svc4j.watcher;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The last known state of the watched trees and the paths marked since the last batch. Settling a
 * batch compares each marked path's state now with its known state, which is what coalesces: a
 * create, two writes and a close are one {@code created}; a create then a delete is nothing; an
 * editor's write-temp-then-rename-over is one {@code modified} of the target (the temp file was
 * never known and is gone). Engine thread only.
 */
final class Reconciler {

  /**
   * Why a path is marked: an event from the kernel; the listing of a new directory (compare
   * states); a rescan after lost events (compare states, report as found by the rescan).
   */
  private enum Mark {
    EVENT,
    LISTED,
    RESCAN
  }

  /** Keyed by the path's string so that a directory's descendants are one sorted range. */
  private final NavigableMap<String, Entry> known = new TreeMap<>();

  /**
   * A marked path, and its state as seen at its last event ({@code null}: not looked at yet). When
   * it is the batch's only mark, that look is as good as one at settling (any later change of the
   * path is another event, which looks again) and is used: one look per change, not two. With other
   * marks it is not: a directory above it may have been moved away or replaced, which gives no
   * event for the paths below. A rescan or listing drops it, as events may have been lost.
   */
  private static final class Marked {
    Mark mark;
    Optional<Entry> seen;

    Marked(Mark mark, Optional<Entry> seen) {
      this.mark = mark;
      this.seen = seen;
    }
  }

  private final Map<Path, Marked> marked = new HashMap<>();

  /** Records {@code path} as known without reporting it (initial scan). */
  void remember(Path path, Entry entry) {
    known.put(path.toString(), entry);
  }

  /** A copy of the last known state, keyed by path (for saving a snapshot). */
  Map<String, Entry> known() {
    return new TreeMap<>(known);
  }

  /**
   * What differs between a saved snapshot and the known state (after the initial scan): the changes
   * made while the watcher was not running, reported as found by a rescan.
   */
  List<WatchEvent> changesSince(Map<String, Entry> saved, Instant now) {
    return changesSince(saved, now, path -> Optional.empty());
  }

  /**
   * The same, where {@code contentChanged} may decide for a path (a hashed file: its content
   * changed or not, whatever its size and mtime say); empty leaves it to the metadata.
   */
  List<WatchEvent> changesSince(
      Map<String, Entry> saved,
      Instant now,
      java.util.function.Function<String, Optional<Boolean>> contentChanged) {
    List<WatchEvent> out = new ArrayList<>();
    for (var e : known.entrySet()) {
      Entry before = saved.get(e.getKey());
      Path p = Path.of(e.getKey());
      if (before == null) {
        out.add(event(EventKind.CREATED, p, e.getValue(), now, true));
      } else if (contentChanged
          .apply(e.getKey())
          .orElseGet(
              () ->
                  e.getValue().differsFrom(before)
                      && !(e.getValue().isDirectory() && before.isDirectory()))) {
        out.add(event(EventKind.MODIFIED, p, e.getValue(), now, true));
      }
    }
    for (var e : saved.entrySet()) {
      if (!known.containsKey(e.getKey())) {
        out.add(
            new WatchEvent(
                EventKind.DELETED,
                Path.of(e.getKey()),
                Optional.empty(),
                e.getValue().type(),
                -1,
                now,
                true));
      }
    }
    out.sort(java.util.Comparator.comparing(WatchEvent::path));
    return out;
  }

  boolean isKnown(Path path) {
    return known.containsKey(path.toString());
  }

  int knownCount() {
    return known.size();
  }

  /** An event at {@code path}, whose state was looked at after the event: {@code now}. */
  void markEvent(Path path, Optional<Entry> now) {
    Marked m = marked.get(path);
    if (m == null) {
      marked.put(path, new Marked(Mark.EVENT, now));
    } else {
      m.mark = Mark.EVENT;
      m.seen = now;
    }
  }

  void markRescan(Path path) {
    mark(path, Mark.RESCAN);
  }

  void markListed(Path path) {
    mark(path, Mark.LISTED);
  }

  /** Keeps an event's mark (it is reported as an event), but it is looked at again on settling. */
  private void mark(Path path, Mark mark) {
    Marked m = marked.get(path);
    if (m == null) {
      marked.put(path, new Marked(mark, null));
    } else {
      m.seen = null;
    }
  }

  /** Marks every known path under {@code dir} (a rescan must notice deletions there). */
  void markKnownUnder(Path dir) {
    for (String p : descendants(dir).keySet()) {
      markRescan(Path.of(p));
    }
  }

  boolean hasMarks() {
    return !marked.isEmpty();
  }

  /** The settled changes of all marked paths, in path order; clears the marks. */
  List<WatchEvent> settle(Instant now) {
    List<WatchEvent> created = new ArrayList<>();
    List<WatchEvent> other = new ArrayList<>();
    Map<Object, Removed> removedByKey = new HashMap<>();
    boolean single = marked.size() == 1;
    Iterable<Path> paths = single ? marked.keySet() : new TreeSet<>(marked.keySet());
    for (Path path : paths) {
      Marked m = marked.get(path);
      Mark mark = m.mark;
      boolean rescan = mark == Mark.RESCAN;
      String key = path.toString();
      Entry before = known.get(key);
      Optional<Entry> after = single && m.seen != null ? m.seen : Entry.stat(path);
      if (before == null && after.isPresent()) {
        known.put(key, after.get());
        created.add(event(EventKind.CREATED, path, after.get(), now, rescan));
      } else if (before != null && after.isEmpty()) {
        for (var d : descendants(path).entrySet()) {
          remove(Path.of(d.getKey()), d.getValue(), now, rescan, other, removedByKey);
        }
        descendants(path).clear();
        known.remove(key);
        remove(path, before, now, rescan, other, removedByKey);
      } else if (before != null) {
        Entry now2 = after.get();
        known.put(key, now2);
        boolean changed = mark == Mark.EVENT || now2.differsFrom(before);
        // A directory's own mtime moves with every entry; its entries are reported instead.
        if (changed && !(now2.isDirectory() && before.isDirectory())) {
          other.add(event(EventKind.MODIFIED, path, now2, now, rescan));
        }
      }
    }
    marked.clear();
    return pairRenames(created, other, removedByKey);
  }

  private record Removed(WatchEvent event, Path path, Entry entry) {}

  private static void remove(
      Path path,
      Entry before,
      Instant now,
      boolean rescan,
      List<WatchEvent> out,
      Map<Object, Removed> byKey) {
    WatchEvent e =
        new WatchEvent(EventKind.DELETED, path, Optional.empty(), before.type(), -1, now, rescan);
    out.add(e);
    if (before.fileKey() != null) {
      byKey.put(before.fileKey(), new Removed(e, path, before));
    }
  }

  /**
   * A deletion and a creation of the same file in one batch are one rename. Same file: same inode,
   * type, size and mtime (to the nanosecond); the inode alone is not enough, as a file deleted and
   * another created in the same batch may reuse it.
   */
  private List<WatchEvent> pairRenames(
      List<WatchEvent> created, List<WatchEvent> other, Map<Object, Removed> removedByKey) {
    List<WatchEvent> result = new ArrayList<>(other);
    for (WatchEvent c : created) {
      Entry e = known.get(c.path().toString());
      Removed r = e == null || e.fileKey() == null ? null : removedByKey.get(e.fileKey());
      if (r != null && !r.entry().differsFrom(e)) {
        removedByKey.remove(e.fileKey());
        result.remove(r.event());
        result.add(
            new WatchEvent(
                EventKind.RENAMED,
                c.path(),
                Optional.of(r.path()),
                c.type(),
                c.size(),
                c.time(),
                c.fromRescan()));
      } else {
        result.add(c);
      }
    }
    result.sort(java.util.Comparator.comparing(WatchEvent::path));
    return result;
  }

  private NavigableMap<String, Entry> descendants(Path dir) {
    char sep = dir.getFileSystem().getSeparator().charAt(0);
    // (char) (sep + 1) sorts right after the separator: the range is the strings under dir + sep.
    return known.subMap(dir.toString() + sep, true, dir.toString() + (char) (sep + 1), false);
  }

  private static WatchEvent event(
      EventKind kind, Path path, Entry entry, Instant now, boolean rescan) {
    return new WatchEvent(kind, path, Optional.empty(), entry.type(), entry.size(), now, rescan);
  }
}
