package io.svc4j.supervisor.config;

import io.svc4j.supervisor.windows.acl.FileAcl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Who may have written, and who may read, a file that secrets come from (an environment file). The
 * service manager or the supervisor reads it with root's rights and hands its values to the
 * service, so only root (or the user whose own service it is) may be able to change it: a file
 * another user can write would let that user choose the environment, e.g. {@code LD_PRELOAD}, of a
 * service running as root. On Windows the same holds for SYSTEM and Administrators, read from the
 * file's owner and DACL ({@link FileAcl}).
 */
public final class SecretFiles {

  private static final Set<PosixFilePermission> WRITE_BY_OTHERS =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final Set<PosixFilePermission> READ_BY_OTHERS =
      Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

  private SecretFiles() {}

  /**
   * Why {@code file} (an existing file) must not be trusted, or empty if it may be: it is not a
   * regular file, or neither root nor this process's user owns it, or its group or others may write
   * it. Symbolic links are followed: what counts is the file that will be read.
   */
  public static Optional<String> untrusted(Path file) {
    if (!posix()) {
      try {
        return FileAcl.of(file).untrusted(file);
      } catch (RuntimeException e) {
        return Optional.of("cannot read the ACL of '" + file + "': " + e.getMessage());
      }
    }
    try {
      PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.of("'" + file + "' is not a regular file");
      }
      int owner = (Integer) Files.getAttribute(file, "unix:uid");
      int self = currentUid();
      if (owner != 0 && owner != self) {
        return Optional.of(
            "'"
                + file
                + "' belongs to uid "
                + owner
                + ", not to "
                + (self == 0 ? "root" : "root or uid " + self)
                + ": its owner could change the service's environment; chown root:root '"
                + file
                + "' && chmod 600 '"
                + file
                + "'");
      }
      if (attributes.permissions().stream().anyMatch(WRITE_BY_OTHERS::contains)) {
        return Optional.of(
            "'"
                + file
                + "' can be written by its group or by every user (mode "
                + mode(file)
                + "): they could change the service's environment; chmod 600 '"
                + file
                + "'");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot read the owner and mode of '" + file + "': " + e.getMessage());
    }
  }

  /** Whether users other than its owner may read {@code file} (group or others have read). */
  public static boolean readableByOthers(Path file) {
    if (!posix()) {
      try {
        return FileAcl.of(file).readableByOthers();
      } catch (RuntimeException e) {
        return false;
      }
    }
    try {
      return Files.readAttributes(file, PosixFileAttributes.class).permissions().stream()
          .anyMatch(READ_BY_OTHERS::contains);
    } catch (IOException e) {
      return false;
    }
  }

  /** The permission bits in octal, e.g. {@code 0644}. */
  public static String mode(Path file) throws IOException {
    int mode = (Integer) Files.getAttribute(file, "unix:mode") & 07777;
    return String.format("%04o", mode);
  }

  private static boolean posix() {
    return !io.svc4j.runtime.HostEnvironment.current().isWindows();
  }

  private static int currentUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
