package io.svc4j.supervisor.logs;

import static io.svc4j.supervisor.logs.PosixCalls.*;

import com.sun.jna.LastErrorException;
import io.svc4j.runtime.HostEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * How the readers of captured logs ({@code svc4j logs}, the console's log view), often root, open
 * them: the way the supervisor writes them. The directory is walked from {@code /} with {@code
 * openat(O_NOFOLLOW)}, each directory checked on its descriptor by the supervisor's own rule
 * ({@link TrustedDirectory}: owned by root or the reader, writable by nobody else, a sticky or
 * root-owned system-group directory above it allowed), and the file is then opened through that
 * descriptor with {@code O_NOFOLLOW} and must be a plain file. A member of a group that can write
 * {@code /var/log} may swap {@code /var/log/svc4j} for a tree of their own with a link to {@code
 * /etc/shadow}; reading by path, root would show it. Each call walks again, so a swap between two
 * calls is checked like the first.
 *
 * <p>On Windows files are opened by path without following links ({@code NOFOLLOW_LINKS}); who may
 * write the directory is up to its ACL.
 */
public final class TrustedLogFiles {

  private static final TrustedDirectory.Purpose READING =
      new TrustedDirectory.Purpose("reading logs", "/var/log/svc4j/NAME", true);

  private static final int FILE_FLAGS = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;

  private TrustedLogFiles() {}

  /**
   * {@code file}, opened for reading after the checks.
   *
   * @throws NoSuchFileException when it or its directory does not exist
   * @throws UnsafeDirectoryException when someone other than root (or the reader) can change a
   *     directory on its way
   * @throws ForeignEntryException when it is a link or not a plain file
   */
  public static FileChannel openForReading(Path file) throws IOException {
    return open(file).channel();
  }

  /**
   * An opened log file and its identity (device and inode), taken from the descriptor itself: a
   * follower compares it with {@link #fileKey} of the name to see a rotation, and a rotation
   * between opening and looking up the name cannot mix up the two.
   */
  public record Opened(FileChannel channel, Object key) {}

  /** {@link #openForReading}, with the identity of what was opened. */
  public static Opened open(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    if (windows()) {
      FileChannel channel =
          FileChannel.open(absolute, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      if (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
        channel.close();
        throw notPlain(absolute);
      }
      return new Opened(channel, key(absolute));
    }
    int dir = openDirectory(absolute.getParent());
    try {
      int fd;
      try {
        fd = INSTANCE.openat(dir, name(absolute), FILE_FLAGS, 0);
      } catch (LastErrorException e) {
        throw switch (e.getErrorCode()) {
          case ENOENT -> new NoSuchFileException(absolute.toString());
          case ELOOP ->
              new ForeignEntryException(
                  "'" + absolute + "' is a symbolic link, not a log file; it is not followed");
          default ->
              new IOException(
                  "cannot open '" + absolute + "': " + INSTANCE.strerror(e.getErrorCode()));
        };
      }
      try {
        if (!FileStat.of(fd).regular()) {
          throw notPlain(absolute); // a FIFO (opened without blocking) or a device
        }
        // The very file fd refers to, opened again as a channel Java can read at any position.
        Path opened = Path.of("/proc/self/fd/" + fd);
        return new Opened(
            FileChannel.open(opened, StandardOpenOption.READ),
            Files.readAttributes(opened, BasicFileAttributes.class).fileKey());
      } finally {
        INSTANCE.close(fd);
      }
    } finally {
      INSTANCE.close(dir);
    }
  }

  /** {@link #openForReading} as a stream. */
  public static InputStream newInputStream(Path file) throws IOException {
    return Channels.newInputStream(openForReading(file));
  }

  /**
   * The names of the plain files in {@code dir} (links and everything else left out), listed
   * through the checked descriptor.
   */
  public static List<String> list(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (windows()) {
      return plainFiles(absolute);
    }
    int fd = openDirectory(absolute);
    try {
      return plainFiles(Path.of("/proc/self/fd/" + fd));
    } finally {
      INSTANCE.close(fd);
    }
  }

  /**
   * The identity (device and inode) of {@code file} itself, not of what a link there points to;
   * null when it is not there or its directory is refused.
   */
  public static Object fileKey(Path file) {
    Path absolute = file.toAbsolutePath();
    if (windows()) {
      return key(absolute);
    }
    int fd;
    String name;
    try {
      name = name(absolute);
      fd = openDirectory(absolute.getParent());
    } catch (IOException e) {
      return null;
    }
    try {
      return key(Path.of("/proc/self/fd/" + fd, name));
    } finally {
      INSTANCE.close(fd);
    }
  }

  private static int openDirectory(Path dir) throws IOException {
    return TrustedDirectory.open(dir, LogAccess.self(), READING);
  }

  /** Through /proc/self/fd/N/NAME: N is the checked directory, NAME is not followed. */
  private static Object key(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> plainFiles(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (var entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          names.add(p.getFileName().toString());
        }
      }
    }
    return names;
  }

  private static String name(Path file) throws IOException {
    Path name = file.getFileName();
    if (name == null || file.getParent() == null) {
      throw new IOException("'" + file + "' is not a log file");
    }
    return name.toString();
  }

  private static ForeignEntryException notPlain(Path file) {
    return new ForeignEntryException(
        "'" + file + "' is not a plain file (a FIFO or a device), so not a log file");
  }

  private static boolean windows() {
    return HostEnvironment.current().isWindows();
  }
}
