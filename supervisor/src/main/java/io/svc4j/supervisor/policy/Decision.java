package io.svc4j.supervisor.policy;

import java.time.Duration;

/** What the supervisor does after the child ended. */
public sealed interface Decision {

  String reason();

  /** Start it again after {@code delay} (state BACKOFF meanwhile). */
  record Restart(Duration delay, String reason) implements Decision {}

  /** Leave it ended (EXITED). {@code failed}: the supervisor reports a failure to its manager. */
  record Exit(boolean failed, String reason) implements Decision {}

  /** Give up: crash-loop limit reached (FATAL). */
  record Fatal(String reason) implements Decision {}

  /** It was stopped on request (STOPPED). */
  record Stopped(String reason) implements Decision {}
}
