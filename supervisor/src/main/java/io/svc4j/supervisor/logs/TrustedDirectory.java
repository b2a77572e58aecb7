package io.svc4j.supervisor.logs;

import static io.svc4j.supervisor.logs.PosixCalls.*;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Opens a directory the way root can trust it: walking from {@code /} one component at a time with
 * {@code openat(O_NOFOLLOW)}, checking each directory on the descriptor it opened, and following a
 * symbolic link only when it sits in a directory that nobody else can write. A directory on the way
 * that a user other than root and the supervisor's own can write (or that they own) is refused:
 * that user could rename it and plant a link, and root would then write wherever the link points.
 *
 * <p>Two kinds of shared directory are accepted ABOVE the directory, never as the directory itself:
 * a sticky one such as {@code /tmp} (nobody can rename what root owns in it), and, for a caller
 * that works only through the descriptor this returns ({@link Purpose#heldOpen}), a root-owned one
 * that a system group may write besides root, without an access control list (Ubuntu's {@code
 * /var/log}, {@code root:syslog 0775}). What the others can do there is swap the next component:
 * for a link, which is then not followed, or for a directory of their own, which the check on its
 * descriptor refuses, or for another directory root owns and nobody else can write, which gives
 * them nothing to steer. Once open, the path no longer matters. The reasoning, in full, is in
 * docs/supervisor.md ("Who may write and read the logs").
 *
 * <p>Missing directories are created: the log directory itself with {@link
 * LogAccess#DIRECTORY_MODE} and the log group, the ones above it {@link LogAccess#PARENT_MODE}.
 */
final class TrustedDirectory {

  private static final int MAX_LINKS = 40;
  private static final int DIRECTORY_FLAGS =
      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;

  private TrustedDirectory() {}

  /**
   * What the directory is for, and an example of a good one: for the refusal's one line.
   *
   * @param heldOpen whether root works in the directory only through the descriptor {@link #open}
   *     returns (logs), so that a directory above it may be writable by a system group; false when
   *     root works in it by path (the runtime directory), where only a sticky one may be shared
   */
  record Purpose(String what, String example, boolean heldOpen) {}

  static final Purpose LOGS = new Purpose("logs written as root", "/var/log/svc4j/NAME", true);

  /**
   * Checks {@code dir} as {@link #open} would, creating nothing: a part that does not exist yet is
   * fine (svc4j would create it, safely) as long as what exists above it is safe.
   */
  static void check(Path dir, LogAccess access) throws IOException {
    check(dir, access, LOGS);
  }

  static void check(Path dir, LogAccess access, Purpose purpose) throws IOException {
    int fd = walk(dir, access, false, true, purpose);
    PosixCalls.INSTANCE.close(fd);
  }

  /** The descriptor of {@code dir} after the checks; the caller closes it. */
  static int open(Path dir, LogAccess access, boolean create) throws IOException {
    return walk(dir, access, create, false, LOGS);
  }

  /** The descriptor of an existing {@code dir} after the checks for {@code purpose}. */
  static int open(Path dir, LogAccess access, Purpose purpose) throws IOException {
    return walk(dir, access, false, false, purpose);
  }

  /**
   * @param partial stop at the first missing component, returning its parent's descriptor
   */
  private static int walk(
      Path dir, LogAccess access, boolean create, boolean partial, Purpose purpose)
      throws IOException {
    Path wanted = dir.toAbsolutePath();
    Deque<String> todo = new ArrayDeque<>();
    wanted.forEach(p -> todo.addLast(p.toString()));
    PosixCalls c = PosixCalls.INSTANCE;
    int fd = c.open("/", DIRECTORY_FLAGS, 0);
    Path where = Path.of("/");
    try {
      String shared = check(fd, where, wanted, access, todo.isEmpty(), purpose);
      int links = 0;
      while (!todo.isEmpty()) {
        String name = todo.removeFirst();
        if (name.isEmpty() || name.equals(".")) {
          continue;
        }
        Path child = name.equals("..") ? parentOf(where) : where.resolve(name);
        int next;
        try {
          next = c.openat(fd, name, DIRECTORY_FLAGS, 0);
        } catch (LastErrorException e) {
          int errno = e.getErrorCode();
          if (errno == ELOOP || errno == ENOTDIR) {
            String target = readLink(fd, name);
            if (target == null) {
              throw new IOException("'" + child + "' is not a directory");
            }
            if (shared != null) {
              throw unsafe(
                  purpose,
                  wanted,
                  "'"
                      + child
                      + "' is a symbolic link in '"
                      + where
                      + "', which "
                      + shared
                      + " can write",
                  "give the real directory");
            }
            if (++links > MAX_LINKS) {
              throw new IOException("too many symbolic links under '" + wanted + "'");
            }
            List<String> parts = new ArrayList<>();
            Path.of(target).forEach(p -> parts.add(p.toString()));
            for (int i = parts.size() - 1; i >= 0; i--) {
              todo.addFirst(parts.get(i));
            }
            if (target.startsWith("/")) {
              c.close(fd);
              fd = -1;
              fd = c.open("/", DIRECTORY_FLAGS, 0);
              where = Path.of("/");
            }
            continue;
          }
          if (errno == ENOENT && partial) {
            return fd;
          }
          if (errno == ENOENT && !create) {
            // A reader tells "not there (yet)" from a refusal by this type; same message.
            throw new NoSuchFileException("'" + child + "'", null, c.strerror(errno));
          }
          if (errno != ENOENT) {
            throw new IOException("'" + child + "': " + c.strerror(errno));
          }
          next = makeDirectory(fd, name, child, where, access, todo.isEmpty(), wanted, purpose);
        }
        try {
          shared = check(next, child, wanted, access, todo.isEmpty(), purpose);
        } catch (IOException | RuntimeException e) {
          c.close(next);
          throw e;
        }
        c.close(fd);
        fd = next;
        where = child;
      }
      return fd;
    } catch (IOException | RuntimeException e) {
      if (fd >= 0) {
        c.close(fd);
      }
      throw e;
    }
  }

  private static Path parentOf(Path where) {
    return where.getParent() == null ? where : where.getParent();
  }

  /** A directory svc4j creates: owned by the supervisor, 0750 + log group, or 0755 above it. */
  private static int makeDirectory(
      int parent,
      String name,
      Path child,
      Path where,
      LogAccess access,
      boolean last,
      Path wanted,
      Purpose purpose)
      throws IOException {
    PosixCalls c = PosixCalls.INSTANCE;
    boolean created = true;
    try {
      c.mkdirat(parent, name, 0700);
    } catch (LastErrorException e) {
      if (e.getErrorCode() != EEXIST) {
        throw new IOException("cannot create '" + child + "': " + c.strerror(e.getErrorCode()));
      }
      created = false; // someone was faster: it gets checked like any existing one
    }
    int fd;
    try {
      fd = c.openat(parent, name, DIRECTORY_FLAGS, 0);
    } catch (LastErrorException e) {
      throw new IOException("'" + child + "': " + c.strerror(e.getErrorCode()));
    }
    if (created) {
      // In a directory others may write, they could have renamed ours away and put another one
      // there between mkdirat and openat: owner, group and mode are only set on our own.
      if (!freshlyMade(fd)) {
        c.close(fd);
        throw unsafe(
            purpose,
            wanted,
            "'"
                + child
                + "' was swapped for another directory while svc4j created it in '"
                + where
                + "'",
            "find out who else writes '" + where + "' or choose another directory");
      }
      try {
        if (last) {
          c.fchown(fd, access.owner(), access.group());
        }
        c.fchmod(fd, last ? LogAccess.DIRECTORY_MODE : LogAccess.PARENT_MODE);
      } catch (LastErrorException e) {
        c.close(fd);
        throw new IOException(
            "cannot set the owner or mode of '" + child + "': " + c.strerror(e.getErrorCode()));
      }
    }
    return fd;
  }

  /** What mkdirat(0700) just made: ours, nothing for group and others, and empty. */
  private static boolean freshlyMade(int fd) throws IOException {
    FileStat st = FileStat.of(fd);
    if (st.uid() != PosixCalls.INSTANCE.geteuid() || (st.permissions() & 077) != 0) {
      return false;
    }
    try (var entries = Files.list(Path.of("/proc/self/fd/" + fd))) {
      return entries.findAny().isEmpty();
    }
  }

  /**
   * Refuses {@code fd} unless root or the supervisor's user owns it and nobody else can write it.
   * Above the directory, a sticky directory may be writable by others, and for a {@link
   * Purpose#heldOpen} directory a root-owned one may be writable by a system group (see the class
   * comment).
   *
   * @return who else can write it ("every user", "group syslog"), null when nobody: a link in it
   *     must not be followed
   */
  private static String check(
      int fd, Path dir, Path wanted, LogAccess access, boolean last, Purpose purpose)
      throws IOException {
    FileStat st = FileStat.of(fd);
    if (st.uid() != 0 && st.uid() != access.owner()) {
      throw unsafe(
          purpose,
          wanted,
          "'" + dir + "' belongs to " + userName(fd, st.uid()),
          "use a directory owned by root" + (access.owner() == 0 ? "" : " or by you"));
    }
    int perms = st.permissions();
    boolean groupWrite = (perms & 020) != 0;
    boolean otherWrite = (perms & 002) != 0;
    if (!groupWrite && !otherWrite) {
      return null;
    }
    String who = otherWrite ? "every user" : "group " + groupName(fd, st.gid());
    String writable = "'" + dir + "' is writable by " + who + String.format(" (mode %04o)", perms);
    if (!last && (perms & FileStat.STICKY) != 0) {
      return who;
    }
    if (last || otherWrite || !purpose.heldOpen()) {
      throw unsafe(
          purpose, wanted, writable, "chmod go-w '" + dir + "' or choose another directory");
    }
    String chmod = "chmod g-w '" + dir + "' or choose another directory";
    if (st.uid() != 0) {
      throw unsafe(
          purpose,
          wanted,
          "'"
              + dir
              + "' is owned by "
              + userName(fd, st.uid())
              + ", not root, and writable by "
              + who
              + String.format(" (mode %04o)", perms),
          chmod);
    }
    String notSystem = SystemGroups.whyNot(st.gid(), groupName(fd, st.gid()));
    if (notSystem != null) {
      throw unsafe(purpose, wanted, writable + ", not a system group (" + notSystem + ")", chmod);
    }
    if (hasAccessControlList(fd)) {
      // The group bits are then the ACL's mask: named users and groups may write, not only this
      // one.
      throw unsafe(
          purpose,
          wanted,
          writable + " and has an access control list that may let others write it",
          "setfacl -b '" + dir + "' or choose another directory");
    }
    return who;
  }

  private static boolean hasAccessControlList(int fd) {
    try {
      PosixCalls.INSTANCE.fgetxattr(fd, "system.posix_acl_access", null, 0);
      return true;
    } catch (LastErrorException e) {
      // none, or a file system without them; any other failure: assume one (refuse)
      return e.getErrorCode() != ENODATA && e.getErrorCode() != EOPNOTSUPP;
    }
  }

  private static UnsafeDirectoryException unsafe(
      Purpose purpose, Path wanted, String why, String fix) {
    return new UnsafeDirectoryException(
        "'"
            + wanted
            + "' is not safe for "
            + purpose.what()
            + ": "
            + why
            + ", who could plant links there; "
            + fix
            + " (e.g. "
            + purpose.example()
            + ")");
  }

  private static String readLink(int dir, String name) {
    byte[] buffer = new byte[4096];
    try {
      long n = PosixCalls.INSTANCE.readlinkat(dir, name, buffer, buffer.length);
      return new String(buffer, 0, (int) n, StandardCharsets.UTF_8);
    } catch (LastErrorException e) {
      return null;
    }
  }

  private static String userName(int fd, int uid) {
    try {
      return "user " + Files.getOwner(Path.of("/proc/self/fd/" + fd)).getName();
    } catch (IOException e) {
      return "uid " + uid;
    }
  }

  private static String groupName(int fd, int gid) {
    try {
      return Files.readAttributes(Path.of("/proc/self/fd/" + fd), PosixFileAttributes.class)
          .group()
          .getName();
    } catch (IOException e) {
      return Integer.toString(gid);
    }
  }
}
