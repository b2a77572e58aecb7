package io.svc4j.supervisor.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Processes of other local users, for attacks (the tests run as root, here and in CI). */
final class AsUser {
  static final int NOBODY = 65534;
  static final int DAEMON = 1;

  /** The system's python and PATH: what another user can run (not root's own installations). */
  static final String PYTHON = "/usr/bin/python3";

  static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private AsUser() {}

  /** {@code command} as {@code uid} (primary group the same number's), no supplementary groups. */
  static List<String> command(int uid, List<String> command) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid",
                Integer.toString(uid),
                "--regid",
                Integer.toString(uid == NOBODY ? NOBODY : uid),
                "--clear-groups",
                "--"));
    argv.addAll(command);
    return argv;
  }

  static Process start(int uid, List<String> command) throws IOException {
    return new ProcessBuilder(command(uid, command)).redirectErrorStream(true).start();
  }

  /** A directory owned by {@code uid} (0755) inside {@code parent}, which others may traverse. */
  static Path ownedDirectory(Path parent, String name, int uid) throws IOException {
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
    Path dir = Files.createDirectory(parent.resolve(name));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setAttribute(dir, "unix:uid", uid);
    return dir;
  }

  /** The real uid of {@code pid}, from /proc. */
  static int uidOf(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Uid:")) {
        return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no Uid line for " + pid);
  }
}
