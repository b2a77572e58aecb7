package io.svc4j.supervisor.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which groups are the system's own: a gid below {@code GID_MIN} of {@code /etc/login.defs} (1000
 * when it says nothing), the range {@code groupadd} gives ordinary users' groups from. Groups below
 * it are made by the distribution and its packages ({@code syslog}, {@code adm}), and an
 * administrator decides who joins them.
 */
final class SystemGroups {

  static final int DEFAULT_GID_MIN = 1000;
  private static final Path LOGIN_DEFS = Path.of("/etc/login.defs");
  private static final String USERS = "users";

  private SystemGroups() {}

  /**
   * Why {@code gid} (named {@code name}) is not a system group, or null when it is. Debian's and
   * SUSE's {@code users} (gid 100) is below GID_MIN but is where ordinary users go ({@code
   * adduser}'s USERS_GROUP), so it does not count.
   */
  static String whyNot(int gid, String name) {
    int gidMin = gidMin();
    if (gid >= gidMin) {
      return "gid " + gid + ", GID_MIN " + gidMin;
    }
    if (name.equals(USERS)) {
      return "'" + USERS + "' is the group of ordinary users";
    }
    return null;
  }

  /** {@code GID_MIN} of /etc/login.defs, read each time (it is tiny and may change). */
  static int gidMin() {
    try {
      for (String line : Files.readAllLines(LOGIN_DEFS, StandardCharsets.ISO_8859_1)) {
        String[] words = line.strip().split("\\s+");
        if (words.length >= 2 && words[0].equals("GID_MIN")) {
          return Integer.parseInt(words[1]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // no file, or a value login.defs' own tools would not accept either: the usual default
    }
    return DEFAULT_GID_MIN;
  }
}
