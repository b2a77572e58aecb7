package io.svc4j.supervisor.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 */
public final class LogFile implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LogFile.class);
  private static final Chunk EOF = new Chunk(new byte[0], 0);

  private final Path file;
  private final long maxSize;
  private final int keep;
  private final boolean gzip;
  private final long budget;
  private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong droppedLines = new AtomicLong();
  private final AtomicLong writtenLines = new AtomicLong();
  private final AtomicLong rotations = new AtomicLong();
  private final ExecutorService compressor;
  private final Thread writer;
  private long reportedDrops;
  private OutputStream out;
  private long size;
  private long pendingSeq;
  private final long rotateEveryNanos;
  // When the current file got its first byte: its age, for rotation by time.
  private long firstWriteNanos;
  private volatile boolean closing;

  public LogFile(Path file, long maxSize, int keep, boolean gzip, long budgetBytes)
      throws IOException {
    this(file, maxSize, null, keep, gzip, budgetBytes);
  }

  /**
   * @param rotateEvery also rotate a non-empty file once it has been written to for this long
   *     (null: by size only)
   */
  public LogFile(
      Path file,
      long maxSize,
      java.time.Duration rotateEvery,
      int keep,
      boolean gzip,
      long budgetBytes)
      throws IOException {
    this.rotateEveryNanos = rotateEvery == null ? 0 : rotateEvery.toNanos();
    this.file = file;
    this.maxSize = maxSize;
    this.keep = keep;
    this.gzip = gzip;
    this.budget = budgetBytes;
    Files.createDirectories(file.getParent());
    open();
    this.compressor =
        gzip
            ? Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("svc4j-gzip-" + file.getFileName()).factory())
            : null;
    this.writer =
        Thread.ofPlatform().daemon().name("svc4j-log-" + file.getFileName()).start(this::drain);
  }

  public Path path() {
    return file;
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

  /** Lines dropped because the disk could not keep up (or offered after close). */
  public long droppedLines() {
    return droppedLines.get();
  }

  public long writtenLines() {
    return writtenLines.get();
  }

  public long rotations() {
    return rotations.get();
  }

  private void drain() {
    try {
      while (true) {
        Chunk chunk =
            rotateEveryNanos > 0
                ? queue.poll(1, java.util.concurrent.TimeUnit.SECONDS)
                : queue.take();
        if (chunk == null || rotateEveryNanos > 0) {
          rotateIfOld();
        }
        if (chunk == null) {
          continue;
        }
        if (chunk == EOF) {
          break;
        }
        queuedBytes.addAndGet(-chunk.data().length);
        reportDrops();
        write(chunk.data(), chunk.lines());
        if (queue.isEmpty()) {
          out.flush();
        }
      }
      reportDrops();
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.error("Writing {} failed; further lines are dropped: {}", file, e.toString(), e);
      closing = true;
    }
  }

  private void reportDrops() throws IOException {
    long dropped = droppedLines.get();
    if (dropped > reportedDrops) {
      long lost = dropped - reportedDrops;
      reportedDrops = dropped;
      log.warn("{}: {} lines dropped because the disk did not keep up", file, lost);
      byte[] marker =
          ("[svc4j] " + lost + " lines dropped here: the log disk did not keep up\n")
              .getBytes(StandardCharsets.UTF_8);
      write(marker, 0);
    }
  }

  private void write(byte[] data, int lines) throws IOException {
    if (size == 0) {
      firstWriteNanos = System.nanoTime();
    }
    out.write(data);
    size += data.length;
    writtenLines.addAndGet(lines);
    if (size >= maxSize) {
      rotate();
    }
  }

  private void rotateIfOld() throws IOException {
    if (size > 0 && System.nanoTime() - firstWriteNanos >= rotateEveryNanos) {
      out.flush();
      rotate();
    }
  }

  private void open() throws IOException {
    out =
        new BufferedOutputStream(
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            256 * 1024);
    size = Files.size(file);
    firstWriteNanos = System.nanoTime(); // a file kept from an earlier run ages from now on
  }

  private void rotate() throws IOException {
    out.close();
    rotations.incrementAndGet();
    if (keep == 0) {
      Files.delete(file);
    } else if (!gzip) {
      shiftArchives("");
      Files.move(file, archive(1, ""), StandardCopyOption.REPLACE_EXISTING);
    } else {
      // Renaming is instant; shifting and compressing happen in order on the compressor thread.
      Path pending = file.resolveSibling(file.getFileName() + ".rotating-" + (++pendingSeq));
      Files.move(file, pending, StandardCopyOption.REPLACE_EXISTING);
      compressor.execute(() -> compress(pending));
    }
    open();
  }

  private void compress(Path pending) {
    try {
      shiftArchives(".gz");
      Path target = archive(1, ".gz");
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      try (InputStream in = Files.newInputStream(pending);
          OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
        in.transferTo(gz);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      Files.delete(pending);
    } catch (IOException e) {
      log.error("Compressing {} failed; it stays uncompressed: {}", pending, e.toString(), e);
    }
  }

  private void shiftArchives(String suffix) throws IOException {
    Files.deleteIfExists(archive(keep, suffix));
    for (int i = keep - 1; i >= 1; i--) {
      Path from = archive(i, suffix);
      if (Files.exists(from)) {
        Files.move(from, archive(i + 1, suffix), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private Path archive(int n, String suffix) {
    return file.resolveSibling(file.getFileName() + "." + n + suffix);
  }

  /** Writes what is queued, closes the file and waits for pending compression. */
  @Override
  public void close() {
    if (closing && !writer.isAlive()) {
      return;
    }
    closing = true;
    queue.add(EOF);
    try {
      writer.join();
      out.close();
      if (compressor != null) {
        compressor.shutdown();
        compressor.awaitTermination(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("Closing {} failed: {}", file, e.toString());
    }
  }
}
