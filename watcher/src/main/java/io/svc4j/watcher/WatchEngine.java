package io.svc4j.watcher;

import io.svc4j.watcher.backend.RawEvent;
import io.svc4j.watcher.backend.WatchBackend;
import io.svc4j.watcher.backend.WatchLimitException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recursive watching on top of a per-directory {@link WatchBackend}.
 *
 * <ul>
 *   <li>A new directory is watched first and listed second, so a file created in it before its
 *       watch existed is found by the listing, one created after by the watch: none is missed, and
 *       the state comparison in {@link Reconciler} reports each exactly once.
 *   <li>Lost events (the backend's overflow, or this engine's own queue full) become an {@code
 *       overflow-rescan} event and a rescan of the tree against the last known state, whose
 *       differences are reported as ordinary events marked {@code fromRescan}.
 *   <li>Batches settle when the trees have been quiet for the debounce time (or after {@code
 *       maxDelay} under a constant stream of changes).
 * </ul>
 *
 * One thread of its own does all the bookkeeping; the backend's thread only queues raw events. With
 * no debounce, and a backend that can ({@link WatchBackend#startInline}), there is no second
 * thread: the backend's thread does the bookkeeping and delivers each group of events it read as a
 * batch, so a change is reported with one thread wake-up, not two. The kernel's queue is then the
 * only queue, and its overflow the only loss, rescanned as usual.
 */
public final class WatchEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WatchEngine.class);

  private enum ScanMode {
    /** Start-up: remember what exists, report nothing. */
    INITIAL,
    /** A new directory: compare with what is known and report the differences. */
    LISTING,
    /** After lost events: the same, the differences marked as found by a rescan. */
    RESCAN
  }

  private final WatchOptions options;
  private final WatchBackend backend;
  private final BatchListener listener;
  private final BlockingQueue<RawEvent> queue;
  private final AtomicBoolean dropped = new AtomicBoolean();
  private final Reconciler state = new Reconciler();

  /**
   * Watched directories and the identity (inode) watched: a new directory at a path is re-watched.
   */
  private final Map<Path, Object> watched = new HashMap<>();

  private final List<WatchEvent> overflows = new ArrayList<>();

  /** Changes made while the watcher was not running: delivered as the first batch. */
  private final List<WatchEvent> startupChanges = new ArrayList<>();

  private final AtomicLong batches = new AtomicLong();
  private boolean limitLogged;

  /** Directories the watch limit refused (not watched). */
  private volatile int refused;

  private volatile boolean running;
  private Thread thread;

  /** True when the backend's thread does the bookkeeping (no debounce). */
  private boolean inline;

  /** Held by the backend's thread while it works for the engine inline, and by close(). */
  private final ReentrantLock inlineLock = new ReentrantLock();

  public WatchEngine(WatchOptions options, WatchBackend backend, BatchListener listener) {
    this.options = options;
    this.backend = backend;
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
  }

  /**
   * Watches every directory of the roots and remembers what is there (reporting nothing), then
   * starts reporting changes. Returns when the watches are in place.
   *
   * @throws WatchLimitException with the one-line explanation when the watch limit is reached
   * @throws IOException when a root cannot be read
   */
  public void start() throws IOException {
    for (Path root : options.roots()) {
      if (!Files.isDirectory(root)) {
        throw new IOException(root + " is not a directory");
      }
    }
    boolean noDebounce = options.debounce().isZero();
    if (!noDebounce) {
      backend.start(this::offer);
    }
    try {
      // Without a debounce the backend starts after this scan (the kernel keeps what happens
      // meanwhile), so that only one thread ever touches the state.
      for (Path root : options.roots()) {
        scan(root, ScanMode.INITIAL);
      }
    } catch (WatchLimitException e) {
      backend.close();
      throw new WatchLimitException(WatchLimits.message(countDirectories()));
    } catch (IOException | RuntimeException e) {
      backend.close();
      throw e;
    }
    if (refused > 0) {
      limitLogged = true;
      log.error(
          "{}; watching {} of them, changes in the other {} directories are not seen"
              + " (on-watch-limit: degrade)",
          WatchLimits.message(watched.size() + refused),
          watched.size(),
          refused);
    }
    if (options.stateFile().isPresent() && Files.exists(options.stateFile().get())) {
      Snapshots.Snapshot snapshot;
      try {
        snapshot = Snapshots.load(options.stateFile().get());
      } catch (IOException e) {
        backend.close();
        throw e;
      }
      Map<String, Entry> saved = snapshot.entries();
      // Only what lies under the watched roots now (the roots may have changed since).
      saved
          .keySet()
          .removeIf(p -> options.roots().stream().noneMatch(r -> Path.of(p).startsWith(r)));
      startupChanges.addAll(
          state.changesSince(saved, Instant.now(), p -> contentChanged(p, snapshot.hashes())));
    }
    running = true;
    if (noDebounce) {
      try {
        inline = backend.startInline(this::inlineEvent, this::inlineDrained);
        if (!inline) {
          backend.start(this::offer);
        }
      } catch (IOException | RuntimeException e) {
        running = false;
        backend.close();
        throw e;
      }
    }
    if (!inline) {
      thread = Thread.ofPlatform().name("svc4j-watch").start(this::loop);
    }
  }

  /** The backend's thread, inline: one event of the current group. */
  private void inlineEvent(RawEvent e) {
    inlineLock.lock();
    try {
      if (running) {
        handle(e);
      }
    } catch (RuntimeException | Error x) {
      failed(x);
    } finally {
      inlineLock.unlock();
    }
  }

  /** The backend's thread, inline: the group is complete (or the reader starts): a batch. */
  private void inlineDrained() {
    inlineLock.lock();
    try {
      if (!running) {
        return;
      }
      if (!startupChanges.isEmpty()) {
        deliver(filtered(startupChanges));
        startupChanges.clear();
      }
      if (state.hasMarks() || !overflows.isEmpty()) {
        flush();
      }
    } catch (RuntimeException | Error x) {
      failed(x);
    } finally {
      inlineLock.unlock();
    }
  }

  private void failed(Throwable e) {
    if (running) {
      running = false;
      log.error("the watcher failed", e);
      listener.onFailure(e);
    }
  }

  /** Directories watched now. */
  public int watchedDirectories() {
    return watched.size();
  }

  /** Directories that are not watched because the watch limit refused them. */
  public int refusedDirectories() {
    return refused;
  }

  /** Batches delivered so far. */
  public long batches() {
    return batches.get();
  }

  /** The backend's thread: never blocks; a full queue drops and asks for a rescan instead. */
  private void offer(RawEvent e) {
    if (!queue.offer(e)) {
      dropped.set(true);
    }
  }

  private void loop() {
    if (!startupChanges.isEmpty()) {
      deliver(filtered(startupChanges));
      startupChanges.clear();
    }
    long debounce = options.debounce().toNanos();
    long maxDelay = options.maxDelay().toNanos();
    long lastEvent = 0;
    long firstMark = 0;
    try {
      while (running) {
        boolean pending = state.hasMarks() || !overflows.isEmpty();
        long wait =
            pending
                ? Math.min(lastEvent + debounce, firstMark + maxDelay) - System.nanoTime()
                : TimeUnit.MILLISECONDS.toNanos(200);
        RawEvent e = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
        boolean any = false;
        while (e != null) {
          handle(e);
          any = true;
          e = queue.poll();
        }
        if (dropped.getAndSet(false)) {
          log.warn("watch queue full: events dropped, rescanning {}", options.roots());
          for (Path root : options.roots()) {
            overflow(root);
          }
          any = true;
        }
        long now = System.nanoTime();
        if (any) {
          if (!pending) {
            firstMark = now;
          }
          lastEvent = now;
        }
        boolean hasWork = state.hasMarks() || !overflows.isEmpty();
        if (hasWork && (now - lastEvent >= debounce || now - firstMark >= maxDelay)) {
          flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failed(e);
    }
  }

  private void handle(RawEvent e) {
    switch (e.type()) {
      case OVERFLOW -> overflow(e.path());
      case PATH -> {
        Optional<Entry> now = Entry.stat(e.path());
        state.markEvent(e.path(), now);
        if (now.isPresent()
            && now.get().isDirectory()
            && !java.util.Objects.equals(watched.get(e.path()), now.get().fileKey())) {
          scanQuietly(e.path(), ScanMode.LISTING);
        }
      }
    }
  }

  private void overflow(Path dir) {
    overflows.add(
        new WatchEvent(
            EventKind.OVERFLOW_RESCAN,
            dir,
            Optional.empty(),
            FileType.DIRECTORY,
            -1,
            Instant.now(),
            true));
    state.markRescan(dir);
    state.markKnownUnder(dir);
    if (Files.isDirectory(dir)) {
      scanQuietly(dir, ScanMode.RESCAN);
    }
  }

  private void scanQuietly(Path dir, ScanMode mode) {
    try {
      scan(dir, mode);
    } catch (IOException e) {
      // Gone again or unreadable: its parent's events or the next rescan tell what happened.
      log.debug("cannot scan {}: {}", dir, e.toString());
    }
  }

  /**
   * Watches {@code dir} and its subdirectories (each before it is listed), then records them. The
   * walk's own look at each path is the one recorded: no path is looked at twice.
   */
  private void scan(Path dir, ScanMode mode) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            Entry now = Entry.of(d, attrs);
            watch(d, mode, now.fileKey());
            recordEntry(d, mode, now);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            record(f, mode, attrs);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Watches directory {@code d}, unless the same directory ({@code identity}) is watched. */
  private void watch(Path d, ScanMode mode, Object identity) throws IOException {
    if (watched.containsKey(d) && java.util.Objects.equals(watched.get(d), identity)) {
      return;
    }
    watched.put(d, identity);
    try {
      backend.watch(d);
    } catch (WatchLimitException e) {
      watched.remove(d);
      refused++;
      if (mode == ScanMode.INITIAL) {
        if (options.onWatchLimit() == OnWatchLimit.FAIL) {
          throw e;
        }
        // Degrade: said once, with the counts, when the initial scan is done.
        return;
      }
      // Running: keep watching what is watched, and say once what to do.
      if (!limitLogged) {
        limitLogged = true;
        log.error("{}; {} is not watched", WatchLimits.message(countDirectories()), d);
      }
    } catch (IOException e) {
      watched.remove(d);
      log.debug("cannot watch {}: {}", d, e.toString());
    }
  }

  private void record(Path p, ScanMode mode, BasicFileAttributes attrs) {
    recordEntry(p, mode, mode == ScanMode.INITIAL ? Entry.of(p, attrs) : null);
  }

  private void recordEntry(Path p, ScanMode mode, Entry now) {
    if (mode == ScanMode.INITIAL) {
      state.remember(p, now);
    } else if (mode == ScanMode.LISTING) {
      state.markListed(p);
    } else {
      state.markRescan(p);
    }
  }

  private void flush() {
    List<WatchEvent> batch = new ArrayList<>(overflows);
    overflows.clear();
    for (WatchEvent e : state.settle(Instant.now())) {
      if (e.type() == FileType.DIRECTORY && e.kind() == EventKind.DELETED) {
        watched.remove(e.path());
      }
      if (e.kind() == EventKind.RENAMED && e.type() == FileType.DIRECTORY) {
        e.oldPath().ifPresent(watched::remove);
      }
      if (reported(e.path())) {
        batch.add(e);
      }
    }
    deliver(batch);
  }

  private List<WatchEvent> filtered(List<WatchEvent> events) {
    return events.stream().filter(e -> reported(e.path())).toList();
  }

  private void deliver(List<WatchEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    batches.incrementAndGet();
    try {
      listener.onBatch(List.copyOf(batch));
    } catch (RuntimeException e) {
      log.warn("a batch listener failed: {}", e.toString(), e);
    }
  }

  private boolean reported(Path p) {
    for (Path root : options.roots()) {
      if (p.startsWith(root) && !p.equals(root)) {
        return options.filter().accepts(root.relativize(p));
      }
    }
    return true;
  }

  /** Whether {@code path} is one of the files whose content is hashed in the snapshot. */
  private boolean hashed(String path) {
    if (options.hashed().isEmpty()) {
      return false;
    }
    Path p = Path.of(path);
    for (Path root : options.roots()) {
      if (p.startsWith(root) && !p.equals(root)) {
        return options.hashed().get().accepts(root.relativize(p));
      }
    }
    return false;
  }

  /** The content hashes of the known regular files that are asked to be hashed. */
  private Map<String, String> hashes(Map<String, Entry> known) {
    Map<String, String> out = new HashMap<>();
    for (var e : known.entrySet()) {
      if (e.getValue().type() == FileType.FILE && hashed(e.getKey())) {
        ContentHashes.of(Path.of(e.getKey())).ifPresent(h -> out.put(e.getKey(), h));
      }
    }
    return out;
  }

  /**
   * For a hashed file that was hashed when the snapshot was saved: whether its content changed (its
   * size and mtime do not decide); empty for every other path.
   */
  private static Optional<Boolean> contentChanged(String path, Map<String, String> before) {
    String saved = before.get(path);
    if (saved == null) {
      return Optional.empty();
    }
    return ContentHashes.of(Path.of(path)).map(now -> !now.equals(saved));
  }

  /** How many directory watches the roots need (for the watch-limit message). */
  private long countDirectories() {
    long n = 0;
    for (Path root : options.roots()) {
      try (var s = Files.walk(root)) {
        n += s.filter(Files::isDirectory).count();
      } catch (IOException | java.io.UncheckedIOException e) {
        log.debug("cannot count directories under {}", root, e);
      }
    }
    return n;
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    backend.close();
    boolean idle;
    if (inline) {
      // The backend's thread may still be in a batch (a slow listener): wait for it, bounded.
      try {
        idle = inlineLock.tryLock(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        idle = false;
      }
    } else {
      idle = thread != null && !thread.isAlive();
    }
    if (options.stateFile().isPresent() && idle) {
      try {
        Map<String, Entry> known = state.known();
        Snapshots.save(options.stateFile().get(), known, hashes(known));
      } catch (IOException e) {
        log.error("cannot save the watch state to {}: {}", options.stateFile().get(), e.toString());
      }
    }
    if (inline && idle) {
      inlineLock.unlock();
    }
  }
}
