package io.svc4j.supervisor.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The POSIX directory that holds control sockets, trusted only when nobody else can change what is
 * in it.
 *
 * <p>Why it matters: whoever can rename or create entries in it can put a socket of their own in
 * the supervisor's place, so an operator's {@code svc4j stop} (often run as root) talks to them.
 * That is a real case, not a theory: without {@code XDG_RUNTIME_DIR} a user's sockets live in
 * {@code /tmp/svc4j-UID}, and any local user can create that name in {@code /tmp} first.
 */
public final class ControlDirectory {

  private static final Set<PosixFilePermission> OPEN_TO_OTHERS =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private ControlDirectory() {}

  /** Creates {@code dir} as 0700 when it is missing, then {@link #verify}s it. */
  static void ensure(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    verify(dir);
  }

  /**
   * Refuses a directory that is a symbolic link, is owned by anyone but this process's user or
   * root, or is writable by group or others.
   *
   * @throws UntrustedDirectoryException with one line naming the fix
   */
  public static void verify(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new UntrustedDirectoryException(
          "control socket directory '"
              + dir
              + "' is a symbolic link, which another user may have planted; remove it (rm '"
              + dir
              + "') and start again");
    }
    int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (owner != self && owner != 0) {
      throw new UntrustedDirectoryException(
          "control socket directory '"
              + dir
              + "' belongs to uid "
              + owner
              + ", not to uid "
              + self
              + " or root, so its owner could stand in for the supervisor; remove it (rm -r '"
              + dir
              + "') and start again");
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    if (mode.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
      throw new UntrustedDirectoryException(
          "control socket directory '"
              + dir
              + "' is writable by "
              + (mode.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group")
              + " ("
              + PosixFilePermissions.toString(mode)
              + "), so another user could replace the sockets in it; run chmod 700 '"
              + dir
              + "'");
    }
  }

  /** A control socket directory that other users could change. */
  public static final class UntrustedDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    UntrustedDirectoryException(String message) {
      super(message);
    }
  }
}
