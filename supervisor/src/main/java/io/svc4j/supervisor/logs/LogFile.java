package io.svc4j.supervisor.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One captured log file with size-based rotation: {@code name} is written, {@code name.1} is the
 * newest rotated file, {@code name.<keep>} the oldest ({@code .gz} appended when compressed).
 *
 * <p>Producers (stream pumps) {@link #offer} chunks of whole lines and never wait: a chunk that
 * does not fit in the byte budget is dropped and its lines counted. One writer thread owns the file
 * and rotates only between chunks, so a line is never split, lost or written twice by a rotation.
 * Drops are written into the file as a marker line when the writer catches up, and logged.
 * Compression runs on its own thread so that the writer keeps draining meanwhile.
 *
 * <p>Every file operation goes through a {@link LogDirectory}: by name, never through a link.
 *
 * <p>A write that fails (the disk is full) pauses capture, it does not end it: the writer cuts the
 * file back to its last whole line, keeps draining the queue and counts the lines it cannot write,
 * and tries again every second. Once a write succeeds, a marker line says how many lines are
 * missing there, the supervisor's log says so, and {@link #trouble()} reports it.
 */
public final class LogFile implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LogFile.class);
  private static final Chunk EOF = new Chunk(new byte[0], 0);
  // Marks the place in the queue where the writer runs the next of controls: a switch of the
  // file or of its limits happens between two chunks, so at a line boundary.
  private static final Chunk CONTROL = new Chunk(new byte[0], 0);
  private static final int BUFFER = 256 * 1024;
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  // The file, its directory and its limits: changed only by the writer thread (controls), read
  // elsewhere through path() and offer().
  private volatile LogDirectory dir;
  private final boolean ownsDirectory;
  private volatile String name;
  private long maxSize;
  private int keep;
  private boolean gzip;
  private volatile long budget;
  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> controls =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong droppedLines = new AtomicLong();
  private final AtomicLong writtenBytes = new AtomicLong();
  private final AtomicLong writtenLines = new AtomicLong();
  private final AtomicLong rotations = new AtomicLong();
  private final AtomicLong failedLines = new AtomicLong();
  private ExecutorService compressor; // made when gzip is first on
  private final Thread writer;
  private long rotateEveryNanos;
  private long reportedDrops;
  private LogSink out; // null after a failed open, until a retry opens it
  private final byte[] buffer = new byte[BUFFER];
  private int buffered;
  private int bufferedLines;
  private long written; // bytes known to be in the file
  private long pendingSeq;
  // When the current file got its first byte: its age, for rotation by time.
  private long firstWriteNanos;
  private volatile Failure failure; // non-null while capture is paused by a write error
  private volatile String lastTrouble = "";
  private long lastAttemptNanos;
  private volatile boolean closing;

  /** Why capture is paused, since when, and how many lines were lost since. */
  private record Failure(Instant since, String reason, boolean diskFull, AtomicLong lines) {
    String what() {
      return diskFull ? "disk full" : "write error (" + reason + ")";
    }
  }

  public LogFile(Path file, long maxSize, int keep, boolean gzip, long budgetBytes)
      throws IOException {
    this(file, maxSize, null, keep, gzip, budgetBytes);
  }

  /** A file in a directory of its own opening (with the supervisor's own user and group). */
  public LogFile(
      Path file, long maxSize, Duration rotateEvery, int keep, boolean gzip, long budgetBytes)
      throws IOException {
    this(
        LogDirectory.open(file.toAbsolutePath().getParent(), LogAccess.current()),
        true,
        file.getFileName().toString(),
        maxSize,
        rotateEvery,
        keep,
        gzip,
        budgetBytes);
  }

  /**
   * @param dir where the file lives; closed with this file when {@code ownsDirectory}
   * @param rotateEvery also rotate a non-empty file once it has been written to for this long
   *     (null: by size only)
   */
  public LogFile(
      LogDirectory dir,
      boolean ownsDirectory,
      String name,
      long maxSize,
      Duration rotateEvery,
      int keep,
      boolean gzip,
      long budgetBytes)
      throws IOException {
    this.rotateEveryNanos = rotateEvery == null ? 0 : rotateEvery.toNanos();
    this.dir = dir;
    this.ownsDirectory = ownsDirectory;
    this.name = name;
    this.maxSize = maxSize;
    this.keep = keep;
    this.gzip = gzip;
    this.budget = budgetBytes;
    try {
      open();
    } catch (IOException e) {
      if (ownsDirectory) {
        dir.close();
      }
      throw e;
    }
    this.compressor = gzip ? newCompressor(name) : null;
    this.writer = Thread.ofPlatform().daemon().name("svc4j-log-" + name).start(this::drain);
  }

  private static ExecutorService newCompressor(String name) {
    return Executors.newSingleThreadExecutor(
        Thread.ofPlatform().daemon().name("svc4j-gzip-" + name).factory());
  }

  public Path path() {
    return dir.path().resolve(name);
  }

  /**
   * New limits, applied by the writer after the chunks queued before this call and before those
   * queued after: a file already over the new {@code maxSize} is rotated then; fewer {@code keep}
   * removes the rotated files beyond it. Completes once applied.
   */
  public java.util.concurrent.CompletableFuture<Void> reconfigure(LogLimits limits) {
    return control(done -> applyLimits(limits, done));
  }

  /**
   * Continues in {@code newName} inside {@code newDir}, after the chunks queued before this call:
   * they end in the old file, the later ones go to the new one (appended to it if it exists, as at
   * start). Completes once the old file is closed and its pending compression is done, so that the
   * caller may close the old directory then.
   */
  public java.util.concurrent.CompletableFuture<Void> moveTo(LogDirectory newDir, String newName) {
    return control(done -> switchFile(newDir, newName, done));
  }

  private synchronized java.util.concurrent.CompletableFuture<Void> control(
      java.util.function.Consumer<java.util.concurrent.CompletableFuture<Void>> task) {
    var done = new java.util.concurrent.CompletableFuture<Void>();
    if (closing) {
      done.completeExceptionally(new IllegalStateException(path() + " is closed"));
      return done;
    }
    controls.add(
        () -> {
          try {
            task.accept(done);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    queue.add(CONTROL);
    return done;
  }

  /** On the writer thread. */
  private void applyLimits(LogLimits limits, java.util.concurrent.CompletableFuture<Void> done) {
    int oldKeep = keep;
    maxSize = limits.maxSize();
    rotateEveryNanos = limits.rotateEvery() == null ? 0 : limits.rotateEvery().toNanos();
    budget = limits.budgetBytes();
    keep = limits.keep();
    gzip = limits.gzip();
    if (gzip && compressor == null) {
      compressor = newCompressor(name);
    }
    if (keep < oldKeep) {
      LogDirectory d = dir;
      String base = name;
      int from = keep;
      Runnable trim = () -> trimArchives(d, base, from, oldKeep);
      if (compressor != null) {
        compressor.execute(trim); // after the compressions pending, which shift archives too
      } else {
        trim.run();
      }
    }
    if (failure == null && out != null) {
      try {
        if (written + buffered >= maxSize) {
          rotate();
        }
        flush(); // as after a chunk when the queue is idle: nothing waits in the buffer
      } catch (IOException e) {
        fail(e);
      }
    }
    done.complete(null);
  }

  private void trimArchives(LogDirectory d, String base, int from, int to) {
    for (int i = from + 1; i <= to; i++) {
      for (String suffix : new String[] {"", ".gz"}) {
        try {
          d.delete(archive(base, i, suffix));
        } catch (IOException e) {
          log.warn("{}: cannot remove {}: {}", path(), archive(base, i, suffix), e.getMessage());
        }
      }
    }
  }

  /** On the writer thread. */
  private void switchFile(
      LogDirectory newDir, String newName, java.util.concurrent.CompletableFuture<Void> done) {
    Path before = path();
    if (failure == null) {
      try {
        reportDrops();
        flush();
      } catch (IOException e) {
        fail(e);
      }
    }
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        log.warn("Closing {} failed: {}", before, e.toString());
      }
      out = null;
    }
    dir = newDir;
    name = newName;
    try {
      open();
    } catch (IOException e) {
      // As after a failed write: counted, and opened again by the retry every second.
      if (failure == null) {
        fail(e);
      }
    }
    log.info("{}: continued in {}", before, path());
    if (compressor != null) {
      compressor.execute(() -> done.complete(null)); // after the old file's pending compressions
    } else {
      done.complete(null);
    }
  }

  /** Queues a chunk of whole lines; false when it was dropped because the budget is full. */
  public boolean offer(Chunk chunk) {
    if (closing) {
      droppedLines.addAndGet(chunk.lines());
      return false;
    }
    long after = queuedBytes.addAndGet(chunk.data().length);
    if (after > budget && after != chunk.data().length) {
      queuedBytes.addAndGet(-chunk.data().length);
      droppedLines.addAndGet(chunk.lines());
      return false;
    }
    queue.add(chunk);
    return true;
  }

  /**
   * Lines that never reached the file: because the disk could not keep up, because writing failed
   * (disk full), or because they were offered after close.
   */
  public long droppedLines() {
    return droppedLines.get() + failedLines.get();
  }

  /** Lines lost to write errors (disk full), over the file's whole life. */
  public long failedLines() {
    return failedLines.get();
  }

  public long writtenLines() {
    return writtenLines.get();
  }

  /** Bytes written to the file and its rotated predecessors, over this object's life. */
  public long writtenBytes() {
    return writtenBytes.get();
  }

  public long rotations() {
    return rotations.get();
  }

  /** Whether capture is paused by a write error right now. */
  public boolean failing() {
    return failure != null;
  }

  /**
   * What went wrong with capture, for {@code svc4j status}: "" when nothing did; e.g. {@code disk
   * full since 2026-12-01T03:10:02Z: 120 lines dropped so far} while paused, {@code disk full: 120
   * lines dropped (2026-12-01T03:10:02Z to 03:10:40Z), capture resumed} after.
   */
  public String trouble() {
    Failure f = failure;
    if (f != null) {
      return f.what() + " since " + f.since() + ": " + f.lines().get() + " lines dropped so far";
    }
    return lastTrouble;
  }

  private void drain() {
    try {
      while (true) {
        Chunk chunk;
        if (failure != null || rotateEveryNanos > 0) {
          chunk = queue.poll(1, TimeUnit.SECONDS);
        } else {
          chunk = queue.take();
        }
        if (chunk == CONTROL) {
          controls.poll().run();
          continue;
        }
        if (chunk != EOF) {
          step(chunk);
          continue;
        }
        if (failure != null) {
          retry();
        }
        if (failure == null) {
          try {
            reportDrops();
            flush();
          } catch (IOException e) {
            fail(e);
          }
        }
        break;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One chunk, or a timeout (null): writes, rotates, or counts while paused. */
  private void step(Chunk chunk) {
    if (chunk != null) {
      queuedBytes.addAndGet(-chunk.data().length);
    }
    if (failure != null && System.nanoTime() - lastAttemptNanos >= RETRY_NANOS) {
      retry();
    }
    if (failure != null) {
      if (chunk != null) {
        failure.lines().addAndGet(chunk.lines());
        failedLines.addAndGet(chunk.lines());
      }
      return;
    }
    boolean handed = false; // from then on, append() counts the chunk's lines if they are lost
    try {
      if (rotateEveryNanos > 0) {
        rotateIfOld();
      }
      if (chunk == null) {
        return;
      }
      reportDrops();
      handed = true;
      append(chunk.data(), chunk.lines());
      if (queue.isEmpty()) {
        flush();
      }
    } catch (IOException e) {
      if (chunk != null && !handed) {
        lost(chunk.lines());
      }
      fail(e);
    }
  }

  private void reportDrops() throws IOException {
    long dropped = droppedLines.get();
    if (dropped > reportedDrops) {
      long lost = dropped - reportedDrops;
      reportedDrops = dropped;
      log.warn("{}: {} lines dropped because the disk did not keep up", path(), lost);
      append(
          ("[svc4j] " + lost + " lines dropped here: the log disk did not keep up\n")
              .getBytes(StandardCharsets.UTF_8),
          0);
    }
  }

  private void append(byte[] data, int lines) throws IOException {
    if (written + buffered == 0) {
      firstWriteNanos = System.nanoTime();
    }
    if (buffered + data.length > buffer.length) {
      try {
        flush();
      } catch (IOException e) {
        lost(lines);
        throw e;
      }
    }
    if (data.length > buffer.length) {
      write(data, lines);
    } else {
      System.arraycopy(data, 0, buffer, buffered, data.length);
      buffered += data.length;
      bufferedLines += lines;
    }
    if (written + buffered >= maxSize) {
      rotate();
    }
  }

  private void flush() throws IOException {
    if (buffered > 0) {
      byte[] data = buffer;
      int length = buffered;
      int lines = bufferedLines;
      buffered = 0;
      bufferedLines = 0;
      try {
        out.write(data, 0, length);
      } catch (IOException e) {
        lost(lines);
        throw e;
      }
      written += length;
      writtenBytes.addAndGet(length);
      writtenLines.addAndGet(lines);
    }
  }

  private void write(byte[] data, int lines) throws IOException {
    try {
      out.write(data, 0, data.length);
    } catch (IOException e) {
      lost(lines);
      throw e;
    }
    written += data.length;
    writtenBytes.addAndGet(data.length);
    writtenLines.addAndGet(lines);
  }

  /** Lines of a write that failed: counted against the failure about to begin. */
  private long pendingLoss;

  private void lost(int lines) {
    pendingLoss += lines;
  }

  /**
   * Pauses capture after a failed operation: what the failed write left of a line is cut off, what
   * is buffered is counted as lost.
   */
  private void fail(IOException e) {
    long lines = pendingLoss + bufferedLines;
    pendingLoss = 0;
    buffered = 0;
    bufferedLines = 0;
    if (out != null) {
      try {
        out.truncate(written); // no half line stays in the file
      } catch (IOException | RuntimeException ignored) {
        // the retry writes after whatever is there; the marker line starts on its own line
      }
    }
    boolean diskFull = e instanceof LogWriteException w && w.diskFull();
    var f =
        new Failure(
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            e.getMessage(),
            diskFull,
            new AtomicLong(lines));
    failedLines.addAndGet(lines);
    failure = f;
    lastAttemptNanos = System.nanoTime();
    log.warn(
        "{}: {}; capture paused, lines are counted and dropped until writing works again: {}",
        path(),
        f.what(),
        e.getMessage());
  }

  /** Tries to write again: opens the file if needed, then the marker line of the lost lines. */
  private void retry() {
    lastAttemptNanos = System.nanoTime();
    Failure f = failure;
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String window = f.since() + " to " + now;
    byte[] marker =
        ("[svc4j] "
                + f.lines().get()
                + " lines dropped here: "
                + f.what()
                + " from "
                + window
                + "\n")
            .getBytes(StandardCharsets.UTF_8);
    try {
      if (out == null) {
        try {
          open();
        } catch (ForeignEntryException e) {
          // Planted while we ran (we checked it at start): not followed, replaced.
          log.warn("{}: replacing what is there: {}", path(), e.getMessage());
          out = freshFile();
          written = 0;
        }
      }
      write(marker, 0);
    } catch (IOException e) {
      if (out != null) {
        try {
          out.truncate(written);
        } catch (IOException | RuntimeException ignored) {
          // still failing: tried again in a second
        }
      }
      pendingLoss = 0;
      return;
    }
    failure = null;
    long lines = f.lines().get();
    lastTrouble = f.what() + ": " + lines + " lines dropped (" + window + "), capture resumed";
    log.warn("{}: capture resumed; {}: {} lines dropped from {}", path(), f.what(), lines, window);
  }

  private void rotateIfOld() throws IOException {
    if (written + buffered > 0 && System.nanoTime() - firstWriteNanos >= rotateEveryNanos) {
      rotate();
    }
  }

  private void open() throws IOException {
    out = dir.append(name);
    written = out.initialSize();
    firstWriteNanos = System.nanoTime(); // a file kept from an earlier run ages from now on
  }

  private void rotate() throws IOException {
    flush();
    out.close();
    out = null;
    rotations.incrementAndGet();
    if (keep == 0) {
      dir.delete(name);
    } else if (!gzip) {
      shiftArchives(dir, name, keep, "");
      dir.rename(name, archive(name, 1, ""));
    } else {
      // Renaming is instant; shifting and compressing happen in order on the compressor thread.
      String pending = name + ".rotating-" + (++pendingSeq);
      dir.rename(name, pending);
      LogDirectory d = dir; // a later switch of file or limits does not change this one's
      String base = name;
      int k = keep;
      compressor.execute(() -> compress(d, base, k, pending));
    }
    out = freshFile();
    written = 0;
    firstWriteNanos = System.nanoTime();
  }

  /**
   * The new file after a rotation. Something planted in its place meanwhile is removed, not
   * followed; a few attempts, so that a planter racing us cannot pause capture with one link.
   */
  private LogSink freshFile() throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return dir.appendFresh(name);
      } catch (ForeignEntryException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private void compress(LogDirectory d, String base, int k, String pending) {
    try {
      shiftArchives(d, base, k, ".gz");
      String target = archive(base, 1, ".gz");
      String tmp = target + ".tmp";
      try (InputStream in = d.read(pending);
          OutputStream gz = new GZIPOutputStream(d.create(tmp), 64 * 1024)) {
        in.transferTo(gz);
      }
      d.rename(tmp, target);
      d.delete(pending);
    } catch (IOException e) {
      log.warn(
          "{}: compressing {} failed; it stays uncompressed: {}",
          d.path().resolve(base),
          pending,
          e.getMessage());
    }
  }

  private static void shiftArchives(LogDirectory d, String base, int k, String suffix)
      throws IOException {
    d.delete(archive(base, k, suffix));
    for (int i = k - 1; i >= 1; i--) {
      String from = archive(base, i, suffix);
      if (d.exists(from)) {
        d.rename(from, archive(base, i + 1, suffix));
      }
    }
  }

  private static String archive(String base, int n, String suffix) {
    return base + "." + n + suffix;
  }

  /** Writes what is queued, closes the file and waits for pending compression. */
  @Override
  public void close() {
    if (closing && !writer.isAlive()) {
      return;
    }
    synchronized (this) { // no control is queued after EOF: control() sees closing
      closing = true;
      queue.add(EOF);
    }
    try {
      writer.join();
      if (out != null) {
        out.close();
      }
      if (compressor != null) {
        compressor.shutdown();
        compressor.awaitTermination(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("Closing {} failed: {}", path(), e.toString());
    } finally {
      if (ownsDirectory) {
        dir.close();
      }
    }
  }
}
