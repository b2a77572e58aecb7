package io.svc4j.watcher;

/**
 * What the watcher does when the inotify watch limit ({@code fs.inotify.max_user_watches}) refuses
 * a directory while it starts. Either way the one-line explanation (watches needed, the limit, the
 * sysctl) is given; a limit hit later, for a new directory, always degrades.
 */
public enum OnWatchLimit {
  /** The start fails with the explanation. */
  FAIL,
  /** The explanation is logged once and the watcher keeps watching the directories it could. */
  DEGRADE
}
