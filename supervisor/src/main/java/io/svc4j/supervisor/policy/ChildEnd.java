package io.svc4j.supervisor.policy;

import java.time.Duration;

/**
 * How one run of the child ended.
 *
 * @param cause why it ended
 * @param exitCode the exit code (128+N for a signal, as Java reports it); -1 when unknown
 * @param uptime how long it ran
 */
public record ChildEnd(Cause cause, int exitCode, Duration uptime) {

  public enum Cause {
    /** It exited by itself (or was killed by someone else). */
    EXITED,
    /** Its watchdog expired: it stopped pinging; the supervisor stopped it. */
    HUNG,
    /** Its health check failed too often; the supervisor stopped it. */
    UNHEALTHY,
    /** It did not become ready within the start timeout; the supervisor stopped it. */
    START_TIMEOUT,
    /** A line of its output matched a restart pattern; the supervisor stopped it. */
    OUTPUT_MATCH,
    /** Its tree used more memory than allowed; the supervisor stopped it. */
    MEMORY,
    /** A planned restart (restart.schedule) stopped it. */
    SCHEDULED,
    /** Its pre-start hook failed, so it was never launched. */
    PRE_START_FAILED,
    /** The supervisor stopped it on request. */
    STOPPED
  }

  public static ChildEnd exited(int code, Duration uptime) {
    return new ChildEnd(Cause.EXITED, code, uptime);
  }

  public String describe() {
    return switch (cause) {
      case EXITED ->
          exitCode > 128 && exitCode < 160
              ? "killed by signal " + (exitCode - 128) + " (exit code " + exitCode + ")"
              : "exited with code " + exitCode;
      case HUNG -> "hung: watchdog expired";
      case UNHEALTHY -> "unhealthy: health check failed";
      case START_TIMEOUT -> "not ready within the start timeout";
      case OUTPUT_MATCH -> "its output matched a restart pattern";
      case MEMORY -> "its memory use exceeded the limit";
      case PRE_START_FAILED -> "its pre-start hook failed";
      case SCHEDULED -> "scheduled restart";
      case STOPPED -> "stopped on request";
    };
  }
}
