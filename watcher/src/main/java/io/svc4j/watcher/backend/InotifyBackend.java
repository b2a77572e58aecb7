package io.svc4j.watcher.backend;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * inotify through JNA, without the JDK's WatchService in between: the kernel's queue is read
 * directly (no second, 512-event queue per directory), {@code IN_Q_OVERFLOW} is reported for every
 * watched tree, and a renamed directory's watch is re-labelled with its new path.
 */
public final class InotifyBackend implements WatchBackend {

  private static final Logger log = LoggerFactory.getLogger(InotifyBackend.class);

  private static final int MASK =
      Inotify.IN_CREATE
          | Inotify.IN_DELETE
          | Inotify.IN_MODIFY
          | Inotify.IN_ATTRIB
          | Inotify.IN_CLOSE_WRITE
          | Inotify.IN_MOVED_FROM
          | Inotify.IN_MOVED_TO
          | Inotify.IN_DELETE_SELF
          | Inotify.IN_MOVE_SELF
          | Inotify.IN_ONLYDIR
          | Inotify.IN_DONT_FOLLOW
          | Inotify.IN_EXCL_UNLINK;

  private static final int HEADER = 16;

  /** The largest event: the header and a name of NAME_MAX bytes with its terminator. */
  private static final int FULL = HEADER + 256;

  private final int fd;
  private final Map<Integer, Path> dirs = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private Thread reader;

  public InotifyBackend() throws IOException {
    fd = Inotify.inotify_init1(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
    if (fd < 0) {
      int errno = Native.getLastError();
      throw new IOException(
          "inotify_init1 failed (errno "
              + errno
              + "): the per-user inotify instance limit (fs.inotify.max_user_instances) may be"
              + " reached");
    }
  }

  @Override
  public void start(Consumer<RawEvent> sink) {
    startInline(sink, () -> {});
  }

  /** Every event of one {@code read} is one group: {@code drained} runs after each. */
  @Override
  public boolean startInline(Consumer<RawEvent> sink, Runnable drained) {
    reader = Thread.ofPlatform().daemon().name("svc4j-inotify").start(() -> read(sink, drained));
    return true;
  }

  @Override
  public void watch(Path dir) throws IOException {
    int wd = Inotify.inotify_add_watch(fd, dir.toString(), MASK);
    if (wd < 0) {
      int errno = Native.getLastError();
      if (errno == Inotify.ENOSPC) {
        throw new WatchLimitException("inotify_add_watch: ENOSPC for " + dir);
      }
      throw new IOException("cannot watch " + dir + " (errno " + errno + ")");
    }
    // The same directory (inode) gives the same wd: after a rename it is re-labelled here.
    dirs.put(wd, dir);
  }

  private void read(Consumer<RawEvent> sink, Runnable drained) {
    int size = 256 * 1024;
    Memory buffer = new Memory(size);
    ByteBuffer view = buffer.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    int[] pollfd = {fd, Inotify.POLLIN};
    int fullReads = 0;
    drained.run();
    while (!closed) {
      // A timeout, so that close() is noticed without closing the fd under a blocked read.
      int ready = Inotify.poll(pollfd, 1, 200);
      if (ready <= 0) {
        continue;
      }
      long n = Inotify.read(fd, buffer, size);
      if (n < 0) {
        int errno = Native.getLastError();
        if (errno != Inotify.EAGAIN && errno != Inotify.EINTR) {
          log.error("reading inotify failed (errno {}); rescanning", errno);
          overflowAll(sink);
          drained.run();
        }
        continue;
      }
      view.clear().limit((int) n);
      parse(view, sink);
      // A nearly full buffer may have left events in the kernel's queue (half of a rename, say):
      // they belong to this group; but a flood still ends a group every few reads.
      if (n < size - FULL || ++fullReads >= 8) {
        fullReads = 0;
        drained.run();
      }
    }
  }

  /**
   * One read's events. An event for the same directory and name as the one before it is skipped: a
   * write is {@code IN_CREATE}, {@code IN_MODIFY} and {@code IN_CLOSE_WRITE} in a row, and as the
   * engine looks at the path after the read, the later ones tell it nothing new (one look, not
   * three).
   */
  private void parse(ByteBuffer b, Consumer<RawEvent> sink) {
    int lastWd = -1;
    int lastName = -1;
    int lastLen = 0;
    while (b.remaining() >= HEADER) {
      int wd = b.getInt();
      int mask = b.getInt();
      b.getInt(); // cookie: renames are paired by the engine, by inode, for every backend
      int len = b.getInt();
      int at = b.position();
      if (len > b.remaining()) {
        return;
      }
      b.position(at + len);
      if ((mask & Inotify.IN_Q_OVERFLOW) != 0) {
        lastWd = -1;
        overflowAll(sink);
      } else if ((mask & Inotify.IN_IGNORED) != 0) {
        lastWd = -1;
        dirs.remove(wd);
      } else if (len > 0) {
        if (wd == lastWd && sameBytes(b, at, lastName, len, lastLen)) {
          continue;
        }
        lastWd = wd;
        lastName = at;
        lastLen = len;
        Path dir = dirs.get(wd);
        if (dir != null) {
          sink.accept(RawEvent.path(dir.resolve(name(b, at, len))));
        }
      } else if ((mask & (Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF)) != 0) {
        lastWd = -1;
        // The directory itself went away: its parent reports it too, unless it is a watched root.
        Path dir = dirs.get(wd);
        if (dir != null) {
          sink.accept(RawEvent.path(dir));
        }
      }
    }
  }

  /** The name at {@code at}: {@code len} bytes, padded with NULs, UTF-8. */
  private static String name(ByteBuffer b, int at, int len) {
    int end = 0;
    while (end < len && b.get(at + end) != 0) {
      end++;
    }
    byte[] raw = new byte[end];
    b.get(at, raw);
    return new String(raw, StandardCharsets.UTF_8);
  }

  private static boolean sameBytes(ByteBuffer b, int at, int other, int len, int otherLen) {
    if (len != otherLen) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b.get(at + i) != b.get(other + i)) {
        return false;
      }
    }
    return true;
  }

  /** The kernel's queue overflowed: every watched tree (its top directory) is rescanned. */
  private void overflowAll(Consumer<RawEvent> sink) {
    var all = java.util.Set.copyOf(dirs.values());
    for (Path d : all) {
      Path parent = d.getParent();
      if (parent == null || !all.contains(parent)) {
        sink.accept(RawEvent.overflow(d));
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (reader != null) {
      try {
        reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Inotify.close(fd);
  }
}
