package io.svc4j.cli.watch;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.watcher.OnWatchLimit;
import io.svc4j.watcher.backend.BackendChoice;
import io.svc4j.watcher.backend.PollBackend;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code svc4j watch --config FILE}: several watches, each with its own paths, globs, debounce and
 * actions (see {@link WatchConfigFile} for the file).
 *
 * @param onWatchLimit what a watch does when the inotify watch limit refuses a directory at start
 *     (default: fail)
 * @param backend how every watch learns of changes (default: the machine's, {@code auto})
 * @param pollInterval with {@code backend: poll}, the time between two listings; null when not
 *     given ({@link #interval()} is then 1s)
 */
record WatchConfig(
    OnWatchLimit onWatchLimit,
    BackendChoice backend,
    Duration pollInterval,
    List<WatchSettings> watches) {

  WatchConfig {
    onWatchLimit = onWatchLimit == null ? OnWatchLimit.FAIL : onWatchLimit;
    if (pollInterval != null && backend != BackendChoice.POLL) {
      throw new ConfigException(
          "poll-interval", "goes with backend: poll only: add backend: poll or drop it");
    }
    if (pollInterval != null && pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new ConfigException(
          "poll-interval",
          pollInterval.toMillis()
              + "ms is too short: give at least 10ms (each poll lists every"
              + " directory)");
    }
    backend = backend == null ? BackendChoice.AUTO : backend;
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

  /** The polling backend's interval: as given, or 1s. */
  Duration interval() {
    return pollInterval == null ? PollBackend.DEFAULT_INTERVAL : pollInterval;
  }

  /** The name of watch {@code i} in logs: its own, or {@code watch-N} (1-based). */
  String nameOf(int i) {
    String name = watches.get(i).name();
    return name != null ? name : "watch-" + (i + 1);
  }
}
