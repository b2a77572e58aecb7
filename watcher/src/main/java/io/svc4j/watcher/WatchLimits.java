package io.svc4j.watcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The one-line explanation of an inotify watch limit hit: what was needed and how to raise it. */
final class WatchLimits {

  static final Path MAX_USER_WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");

  /** The same limit per user namespace (Linux 5.11+); a container may set it lower. */
  static final Path NAMESPACE_WATCHES = Path.of("/proc/sys/user/max_inotify_watches");

  private WatchLimits() {}

  static String message(long needed) {
    OptionalLong current = read(MAX_USER_WATCHES);
    OptionalLong namespace = read(NAMESPACE_WATCHES);
    String inNamespace =
        namespace.isPresent() && (current.isEmpty() || namespace.getAsLong() < current.getAsLong())
            ? " and this user namespace allows "
                + namespace.getAsLong()
                + " (user.max_inotify_watches, set where the namespace is made)"
            : "";
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
        + inNamespace
        + " (shared by all of this user's watchers); raise it with"
        + " 'sudo sysctl fs.inotify.max_user_watches="
        + suggested
        + "' and keep it in /etc/sysctl.d/ (e.g. 40-svc4j-watch.conf)";
  }

  private static OptionalLong read(Path file) {
    try {
      // One read with room for the whole value: procfs sysctls answer a read at an offset > 0
      // with nothing, so a reader that starts small (Files.readString) sees only the first digit.
      try (var in = Files.newInputStream(file)) {
        String text = new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII);
        return OptionalLong.of(Long.parseLong(text.strip()));
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
