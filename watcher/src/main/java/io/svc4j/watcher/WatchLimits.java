package io.svc4j.watcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The one-line explanation of an inotify watch limit hit: what was needed and how to raise it. */
final class WatchLimits {

  static final Path MAX_USER_WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");

  private WatchLimits() {}

  static String message(long needed) {
    OptionalLong current = current();
    String limit =
        current.isPresent() ? String.valueOf(current.getAsLong()) : "unknown (not readable)";
    long suggested =
        current.isPresent()
            ? Math.max(current.getAsLong() * 2, current.getAsLong() + needed)
            : 524288;
    return "the inotify watch limit is reached: the watched trees need "
        + needed
        + " directory watches and fs.inotify.max_user_watches is "
        + limit
        + " (shared by all of this user's watchers); raise it with"
        + " 'sudo sysctl fs.inotify.max_user_watches="
        + suggested
        + "' and keep it in /etc/sysctl.d/ (e.g. 40-svc4j-watch.conf)";
  }

  private static OptionalLong current() {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(MAX_USER_WATCHES).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
