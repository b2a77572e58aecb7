package io.svc4j.supervisor.engine;

import java.time.Instant;

/**
 * A snapshot of the supervised child, for {@code svc4j status} and the supervisor's own status
 * line.
 *
 * @param name service name
 * @param state current state
 * @param pid the child's pid, 0 when none runs
 * @param startedAt when the current (or last) run started, null before the first
 * @param restarts how many times the child was restarted
 * @param lastExitCode exit code of the last run, null before the first end
 * @param reason why the last state change happened
 * @param childStatus last {@code STATUS=} the child sent, "" if none
 * @param health "ok", the last failed check's reason, or "" without a health check
 * @param droppedLines log lines dropped because the disk could not keep up or was full
 * @param logs what went wrong with log capture, e.g. {@code disk full: 120 lines dropped (...),
 *     capture resumed}; "" when nothing did
 */
public record ChildStatus(
    String name,
    ChildState state,
    long pid,
    Instant startedAt,
    int restarts,
    Integer lastExitCode,
    String reason,
    String childStatus,
    String health,
    long droppedLines,
    String logs) {

  /** One line for a service manager's status field. */
  public String summary() {
    StringBuilder s = new StringBuilder(name).append(": ").append(state);
    if (pid > 0) {
      s.append(" pid ").append(pid);
    }
    if (restarts > 0) {
      s.append(", ").append(restarts).append(restarts == 1 ? " restart" : " restarts");
    }
    if (!childStatus.isEmpty()) {
      s.append(", \"").append(childStatus).append('"');
    }
    if (!logs.isEmpty()) {
      s.append(", logs: ").append(logs);
    } else if (droppedLines > 0) {
      s.append(", ").append(droppedLines).append(" log lines dropped");
    }
    return s.toString();
  }
}
