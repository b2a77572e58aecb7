package io.svc4j.supervisor.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The directory captured logs live in, worked on by file name only: root never follows a link
 * planted there, never writes a file that is not its own plain file, and (on Linux) never resolves
 * the directory's path again after it was checked ({@link TrustedDirectory}).
 */
public interface LogDirectory extends AutoCloseable {

  /**
   * Opens (creating if missing) {@code dir} for logs written with {@code access}. On Linux it
   * throws {@link UnsafeDirectoryException} when anyone but root and the supervisor's user can
   * write it or a directory above it.
   */
  static LogDirectory open(Path dir, LogAccess access) throws IOException {
    if (io.svc4j.runtime.HostEnvironment.current().isWindows()) {
      return PathLogDirectory.open(dir);
    }
    return PosixLogDirectory.open(dir, access);
  }

  /**
   * What {@link #open} refuses about {@code dir} (who may write it and the directories above it),
   * checked without creating anything; a missing directory is fine.
   */
  static void check(Path dir, LogAccess access) throws IOException {
    if (!io.svc4j.runtime.HostEnvironment.current().isWindows()) {
      TrustedDirectory.check(dir.toAbsolutePath().normalize(), access);
    }
  }

  Path path();

  /**
   * Opens {@code name} for appending, creating it; a file is {@link LogAccess#FILE_MODE} with the
   * log group. Refuses a link, anything but a plain file, a file with other hard links, or a file
   * owned by another user.
   */
  LogSink append(String name) throws IOException;

  /**
   * Like {@link #append} for a file that must start empty (after a rotation): whatever entry is
   * called {@code name} is removed first (a link itself, not what it points to).
   */
  LogSink appendFresh(String name) throws IOException;

  /** Reads the plain file {@code name} (never through a link). */
  InputStream read(String name) throws IOException;

  /** Creates {@code name} afresh, replacing what was there (a link is replaced, not followed). */
  OutputStream create(String name) throws IOException;

  /** Renames {@code from} to {@code to} inside the directory, replacing {@code to}. */
  void rename(String from, String to) throws IOException;

  /** Removes {@code name} (a link itself, not what it points to); false when there was none. */
  boolean delete(String name) throws IOException;

  /** Whether an entry called {@code name} exists (a dangling link counts). */
  boolean exists(String name);

  @Override
  void close();
}
