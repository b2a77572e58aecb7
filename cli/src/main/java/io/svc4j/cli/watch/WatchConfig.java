package io.svc4j.cli.watch;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.watcher.OnWatchLimit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code svc4j watch --config FILE}: several watches, each with its own paths, globs, debounce and
 * actions (see {@link WatchConfigFile} for the file).
 *
 * @param onWatchLimit what a watch does when the inotify watch limit refuses a directory at start
 *     (default: fail)
 */
record WatchConfig(OnWatchLimit onWatchLimit, List<WatchSettings> watches) {

  WatchConfig {
    onWatchLimit = onWatchLimit == null ? OnWatchLimit.FAIL : onWatchLimit;
    if (watches == null || watches.isEmpty()) {
      throw new ConfigException(
          "watches", "give at least one watch, e.g. watches: [{paths: [conf], actions: [log]}]");
    }
    watches = List.copyOf(watches);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < watches.size(); i++) {
      String name = watches.get(i).name();
      if (name != null && !names.add(name)) {
        throw new ConfigException(
            "watches[" + i + "].name", "'" + name + "' names two watches; give each its own");
      }
    }
  }

  /** The name of watch {@code i} in logs: its own, or {@code watch-N} (1-based). */
  String nameOf(int i) {
    String name = watches.get(i).name();
    return name != null ? name : "watch-" + (i + 1);
  }
}
