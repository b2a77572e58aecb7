package io.svc4j.watcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to watch and how.
 *
 * @param roots directories watched recursively (absolute, normalized)
 * @param debounce how long the tree must be quiet before a batch is settled (0: settle at once)
 * @param maxDelay a batch is settled after this long even if changes keep coming
 * @param filter which changes are reported (every directory is watched regardless)
 * @param queueCapacity raw events held between the backend and the engine; beyond it they are
 *     dropped and the trees rescanned (reported as {@code overflow-rescan}), never lost silently
 * @param stateFile where the state is saved on stop and compared with on start (the changes made
 *     while the watcher was not running are its first batch); empty: nothing saved
 * @param onWatchLimit fail the start, or keep watching what could be watched, when the inotify
 *     watch limit refuses a directory at start
 * @param hashed the files (globs, as for the filter) whose content is hashed in the state file, so
 *     that a change made while stopped is judged by content rather than size and mtime; empty: none
 *     is read
 */
public record WatchOptions(
    List<Path> roots,
    Duration debounce,
    Duration maxDelay,
    PathFilter filter,
    int queueCapacity,
    java.util.Optional<Path> stateFile,
    OnWatchLimit onWatchLimit,
    java.util.Optional<PathFilter> hashed) {

  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);
  public static final int DEFAULT_QUEUE_CAPACITY = 65_536;

  public WatchOptions {
    roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    Objects.requireNonNull(debounce, "debounce");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(stateFile, "stateFile");
    Objects.requireNonNull(onWatchLimit, "onWatchLimit");
    Objects.requireNonNull(hashed, "hashed");
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("no path to watch: give at least one directory");
    }
    if (debounce.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("debounce and maximum delay cannot be negative");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1");
    }
  }

  /** Defaults: 50 ms debounce, a batch at least every second, everything reported. */
  public static WatchOptions of(List<Path> roots) {
    return new WatchOptions(
        roots,
        DEFAULT_DEBOUNCE,
        Duration.ofSeconds(1),
        PathFilter.all(),
        DEFAULT_QUEUE_CAPACITY,
        java.util.Optional.empty(),
        OnWatchLimit.FAIL,
        java.util.Optional.empty());
  }

  public WatchOptions withDebounce(Duration d) {
    return new WatchOptions(
        roots,
        d,
        maxDelay.compareTo(d) < 0 ? d : maxDelay,
        filter,
        queueCapacity,
        stateFile,
        onWatchLimit,
        hashed);
  }

  public WatchOptions withFilter(PathFilter f) {
    return new WatchOptions(
        roots, debounce, maxDelay, f, queueCapacity, stateFile, onWatchLimit, hashed);
  }

  public WatchOptions withQueueCapacity(int capacity) {
    return new WatchOptions(
        roots, debounce, maxDelay, filter, capacity, stateFile, onWatchLimit, hashed);
  }

  public WatchOptions withOnWatchLimit(OnWatchLimit policy) {
    return new WatchOptions(
        roots, debounce, maxDelay, filter, queueCapacity, stateFile, policy, hashed);
  }

  /** Hashes the content of the files matching {@code globs} in the state file. */
  public WatchOptions withHashed(java.util.List<String> globs) {
    return new WatchOptions(
        roots,
        debounce,
        maxDelay,
        filter,
        queueCapacity,
        stateFile,
        onWatchLimit,
        globs.isEmpty()
            ? java.util.Optional.empty()
            : java.util.Optional.of(PathFilter.of(globs, java.util.List.of())));
  }

  public WatchOptions withStateFile(Path file) {
    return new WatchOptions(
        roots,
        debounce,
        maxDelay,
        filter,
        queueCapacity,
        java.util.Optional.of(file),
        onWatchLimit,
        hashed);
  }
}
