package io.svc4j.supervisor.logs;

import static io.svc4j.supervisor.logs.PosixCalls.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Linux: every operation is relative to the descriptor {@link TrustedDirectory} opened ({@code
 * openat}, {@code renameat}, {@code unlinkat}), every open uses {@code O_NOFOLLOW} (and {@code
 * O_NONBLOCK}, so a planted FIFO cannot hang the writer), and what was opened is checked on the
 * descriptor before a byte is written: a plain file, one link, owned by us. Owner, group and mode
 * are then set on the descriptor ({@code fchown}, {@code fchmod}).
 */
final class PosixLogDirectory implements LogDirectory {

  private static final PosixCalls C = PosixCalls.INSTANCE;
  private static final int NEW_FILE = O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;

  private final Path path;
  private final LogAccess access;
  private final int fd;
  private volatile boolean closed;

  private PosixLogDirectory(Path path, LogAccess access, int fd) {
    this.path = path;
    this.access = access;
    this.fd = fd;
  }

  static PosixLogDirectory open(Path dir, LogAccess access) throws IOException {
    Path path = dir.toAbsolutePath().normalize();
    return new PosixLogDirectory(path, access, TrustedDirectory.open(path, access, true));
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public LogSink append(String name) throws IOException {
    int file = openFile(name, O_WRONLY | O_APPEND | NEW_FILE);
    FileStat st = own(file, name);
    return new FdSink(file, st.size(), path.resolve(name));
  }

  @Override
  public LogSink appendFresh(String name) throws IOException {
    delete(name);
    int file = openFile(name, O_WRONLY | O_APPEND | O_EXCL | NEW_FILE);
    own(file, name);
    return new FdSink(file, 0, path.resolve(name));
  }

  @Override
  public InputStream read(String name) throws IOException {
    int file = openFile(name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    try {
      FileStat st = FileStat.of(file);
      if (!st.regular()) {
        throw new IOException("'" + path.resolve(name) + "' is not a plain file");
      }
    } catch (IOException e) {
      C.close(file);
      throw e;
    }
    return new FdInput(file);
  }

  @Override
  public OutputStream create(String name) throws IOException {
    LogSink sink = appendFresh(name);
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        sink.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sink.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        sink.close();
      }
    };
  }

  @Override
  public void rename(String from, String to) throws IOException {
    try {
      C.renameat(fd, from, fd, to);
    } catch (LastErrorException e) {
      throw failure("cannot rename '" + path.resolve(from) + "' to '" + to + "'", e);
    }
  }

  @Override
  public boolean delete(String name) throws IOException {
    try {
      C.unlinkat(fd, name, 0);
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENOENT) {
        return false;
      }
      throw failure("cannot remove '" + path.resolve(name) + "'", e);
    }
  }

  @Override
  public boolean exists(String name) {
    try {
      C.close(C.openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0));
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      C.close(fd);
    }
  }

  private int openFile(String name, int flags) throws IOException {
    try {
      return C.openat(fd, name, flags, LogAccess.FILE_MODE);
    } catch (LastErrorException e) {
      Path file = path.resolve(name);
      throw switch (e.getErrorCode()) {
        case ELOOP ->
            new ForeignEntryException(
                "'" + file + "' is a symbolic link; log files are never followed: remove it");
        case ENXIO -> new ForeignEntryException("'" + file + "' is not a plain file: remove it");
        case EEXIST ->
            new ForeignEntryException(
                "'" + file + "' was created by someone else meanwhile: remove it");
        default -> failure("cannot open '" + file + "'", e);
      };
    }
  }

  /** Refuses what is not our own plain file, then sets its owner, group and mode. */
  private FileStat own(int file, String name) throws IOException {
    Path where = path.resolve(name);
    try {
      FileStat st = FileStat.of(file);
      if (!st.regular()) {
        throw new ForeignEntryException("'" + where + "' is not a plain file: remove it");
      }
      if (st.links() == 0) {
        throw new ForeignEntryException("'" + where + "' was replaced while being opened");
      }
      if (st.links() != 1) {
        throw new ForeignEntryException(
            "'" + where + "' has other hard links (to a file elsewhere?): remove it");
      }
      if (st.uid() != 0 && st.uid() != access.owner()) {
        throw new ForeignEntryException(
            "'" + where + "' belongs to uid " + st.uid() + ": remove it");
      }
      if (st.uid() != access.owner() || st.gid() != access.group()) {
        C.fchown(file, access.owner(), access.group());
      }
      if (st.permissions() != LogAccess.FILE_MODE) {
        C.fchmod(file, LogAccess.FILE_MODE);
      }
      return st;
    } catch (LastErrorException e) {
      C.close(file);
      throw failure("cannot set the owner or mode of '" + where + "'", e);
    } catch (IOException | RuntimeException e) {
      C.close(file);
      throw e;
    }
  }

  static LogWriteException failure(String what, LastErrorException e) {
    int errno = e.getErrorCode();
    return new LogWriteException(
        what + ": " + C.strerror(errno), errno == ENOSPC || errno == EDQUOT);
  }

  /** Appends through write(2); a short write is continued, an error is typed. */
  private static final class FdSink implements LogSink {
    private final int fd;
    private final long initialSize;
    private final Path file;
    private Memory memory;
    private boolean closed;

    FdSink(int fd, long initialSize, Path file) {
      this.fd = fd;
      this.initialSize = initialSize;
      this.file = file;
    }

    @Override
    public long initialSize() {
      return initialSize;
    }

    @Override
    public void write(byte[] data, int from, int length) throws LogWriteException {
      // Native memory of our own: passing a byte[] would make JNA copy the whole array per call.
      if (memory == null || memory.size() < length) {
        memory = new Memory(Math.max(length, 64 * 1024));
      }
      memory.write(0, data, from, length);
      long done = 0;
      while (done < length) {
        try {
          done += C.write(fd, memory.share(done), length - done);
        } catch (LastErrorException e) {
          if (e.getErrorCode() != EINTR) {
            throw failure("cannot write '" + file + "'", e);
          }
        }
      }
    }

    @Override
    public void truncate(long length) throws IOException {
      try {
        C.ftruncate(fd, length);
      } catch (LastErrorException e) {
        throw failure("cannot truncate '" + file + "'", e);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        C.close(fd);
      }
    }
  }

  private static final class FdInput extends InputStream {
    private final int fd;
    private boolean closed;

    FdInput(int fd) {
      this.fd = fd;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      byte[] buffer = off == 0 ? b : new byte[len];
      while (true) {
        try {
          long n = C.read(fd, buffer, len);
          if (n <= 0) {
            return -1;
          }
          if (buffer != b) {
            System.arraycopy(buffer, 0, b, off, (int) n);
          }
          return (int) n;
        } catch (LastErrorException e) {
          if (e.getErrorCode() != EINTR) {
            throw new IOException("cannot read: " + C.strerror(e.getErrorCode()));
          }
        }
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        C.close(fd);
      }
    }
  }
}
