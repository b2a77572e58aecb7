package io.svc4j.supervisor.logs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The rule log directories follow, for other directories root works in by path: {@code dir} and
 * every directory above it are owned by root (or the supervisor's user) and nobody else can write
 * them, a sticky directory above excepted (see {@link TrustedDirectory}). Stricter than for logs: a
 * directory above that a system group may write is refused too, because root resolves this path
 * again and again (binds, chowns, deletes) and a member could swap a link in between. Linux only.
 */
public final class DirectoryTrust {

  private DirectoryTrust() {}

  /**
   * Throws {@link UnsafeDirectoryException} (one line, naming the directory and the fix) unless
   * {@code dir} is safe for root to work in by path.
   *
   * @param what what the directory holds, e.g. "the supervisor's runtime files"
   * @param example a good place, or how to get one, e.g. "-Djava.io.tmpdir=/tmp"
   */
  public static void require(Path dir, String what, String example) throws IOException {
    TrustedDirectory.check(
        dir.toAbsolutePath().normalize(),
        LogAccess.self(),
        new TrustedDirectory.Purpose(what, example, false));
  }
}
