package io.svc4j.watcher.backend;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend that asks the operating system for nothing but directory listings: every {@code
 * interval} it lists each watched directory again, compares each entry's type, size, mtime and file
 * key with the previous listing, and reports every name that appeared, went away or differs. It is
 * what runs where no native backend is used (macOS: see docs/watcher.md), and {@code --backend
 * poll} anywhere.
 *
 * <p>The engine's guarantees hold unchanged, because they are the engine's: a directory is listed
 * here when {@link #watch} is called, before the engine lists it, so a file created in between is
 * in the engine's listing and one created after is in the next poll; renames are paired by the
 * engine by file key. A subdirectory is compared by type and file key only: its mtime changes with
 * its content, which its own listing reports. What polling cannot see: a change that keeps a file's
 * size and mtime (a rewrite within one mtime tick of the previous poll), and a change undone before
 * the next poll. Polling never overflows; it costs one listing per directory per interval.
 */
public final class PollBackend implements WatchBackend {

  private static final Logger log = LoggerFactory.getLogger(PollBackend.class);

  /** The interval used where this backend is chosen for the machine (macOS). */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  /** One entry of a listing, as far as a change of it is visible without reading it. */
  private record Stamp(boolean directory, boolean link, long size, FileTime mtime, Object key) {

    static Stamp of(Path p) throws IOException {
      BasicFileAttributes a =
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isDirectory()) {
        return new Stamp(true, false, 0, null, a.fileKey());
      }
      return new Stamp(false, a.isSymbolicLink(), a.size(), a.lastModifiedTime(), a.fileKey());
    }
  }

  private final Duration interval;

  /** The last listing of each watched directory, by name. */
  private final Map<Path, Map<String, Stamp>> dirs = new ConcurrentHashMap<>();

  private volatile boolean closed;
  private Thread poller;

  public PollBackend(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("the poll interval must be at least 1ms, got " + interval);
    }
    this.interval = interval;
  }

  public Duration interval() {
    return interval;
  }

  @Override
  public void start(Consumer<RawEvent> sink) {
    log.info("watching by polling: every directory is listed every {} ms", interval.toMillis());
    poller = Thread.ofPlatform().daemon().name("svc4j-watch-poll").start(() -> poll(sink));
  }

  @Override
  public void watch(Path dir) throws IOException {
    // A watch of a path already watched (a directory replaced or renamed in) starts afresh.
    dirs.put(dir, list(dir));
  }

  private void poll(Consumer<RawEvent> sink) {
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      for (var dir : dirs.entrySet()) {
        if (closed) {
          return;
        }
        compare(dir.getKey(), dir.getValue(), sink);
      }
    }
  }

  private void compare(Path dir, Map<String, Stamp> before, Consumer<RawEvent> sink) {
    Map<String, Stamp> now;
    try {
      now = list(dir);
    } catch (NoSuchFileException | NotDirectoryException e) {
      // Gone: its parent's listing reports it too, unless it is a watched root.
      if (dirs.remove(dir, before)) {
        sink.accept(RawEvent.path(dir));
      }
      return;
    } catch (IOException e) {
      log.debug("cannot list {}: {}", dir, e.toString());
      return;
    }
    if (!dirs.replace(dir, before, now)) {
      return; // watched again meanwhile: the engine lists it itself
    }
    for (var entry : now.entrySet()) {
      if (!entry.getValue().equals(before.get(entry.getKey()))) {
        sink.accept(RawEvent.path(dir.resolve(entry.getKey())));
      }
    }
    for (String name : before.keySet()) {
      if (!now.containsKey(name)) {
        sink.accept(RawEvent.path(dir.resolve(name)));
      }
    }
  }

  private static Map<String, Stamp> list(Path dir) throws IOException {
    Map<String, Stamp> entries = new HashMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        try {
          entries.put(p.getFileName().toString(), Stamp.of(p));
        } catch (NoSuchFileException e) {
          // deleted between the listing and its stat: not there
        }
      }
    }
    return entries;
  }

  @Override
  public void close() {
    closed = true;
    if (poller != null) {
      poller.interrupt();
      try {
        poller.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dirs.clear();
  }
}
