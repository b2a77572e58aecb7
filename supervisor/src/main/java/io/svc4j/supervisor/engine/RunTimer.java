package io.svc4j.supervisor.engine;

/**
 * The engine's timers. Each fires one move of {@link ChildState}'s table, all of them made in
 * {@link TimedMoves#onTimer}; the comment says which.
 */
enum RunTimer {
  /** STARTING -> RUNNING: up for start-seconds (readiness: uptime). */
  UPTIME,
  /** STARTING -> STOPPING: not ready within start-timeout (notify, health). */
  START_TIMEOUT,
  /** RUNNING -> STOPPING: no WATCHDOG=1 within the watchdog interval. */
  WATCHDOG,
  /** RUNNING -> STOPPING: restart.schedule's cron time came. */
  SCHEDULE,
  /** BACKOFF -> STARTING: the restart delay is over. */
  BACKOFF
}
