package io.svc4j.supervisor.control;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a client may ask a supervisor over its control channel; lower case on the wire. */
public enum SupervisorCommand {
  /** The child's live state ({@link SupervisedStatus}); answered at once, also during a stop. */
  STATUS,
  /** Start the child if none runs; answered once it was launched (not once it is ready). */
  START,
  /** Stop the child's whole tree; answered once no process of it is left. */
  STOP,
  /** Stop, then start the child; answered once it was launched again. */
  RESTART,
  /** The supervisor's Prometheus metrics, as text ({@link ControlReply#metrics}). */
  METRICS,
  /**
   * Reload the child as its {@code reload:} settings say (a signal, or a restart); answered once
   * the reload is done. The service manager is not told (use {@code svc4j reload} for that).
   */
  RELOAD,
  /**
   * Stop every process of the running child's tree (SIGSTOP) until {@code resume}; refused where
   * the child cannot be paused ({@link SupervisedStatus#paused} is null).
   */
  PAUSE,
  /** Continue the paused tree (SIGCONT). */
  RESUME;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The command named {@code wire}.
   *
   * @throws IllegalArgumentException naming the commands there are
   */
  @JsonCreator
  public static SupervisorCommand ofWire(String wire) {
    for (SupervisorCommand c : values()) {
      if (c.wire().equals(wire)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown command '"
            + wire
            + "'; use "
            + Arrays.stream(values())
                .map(SupervisorCommand::wire)
                .collect(Collectors.joining(", "))
                .replaceAll(", (\\w+)$", " or $1"));
  }
}
