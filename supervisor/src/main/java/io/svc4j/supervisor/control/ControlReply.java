package io.svc4j.supervisor.control;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one answer to a {@link ControlRequest}.
 *
 * @param ok whether the command worked
 * @param error why not (only when {@code ok} is false)
 * @param message what was done, e.g. {@code "stopped: STOPPED"} (null for {@code status})
 * @param status the child's state after the command (null when {@code ok} is false)
 * @param metrics the Prometheus text exposition (only for {@code metrics})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlReply(
    boolean ok, String error, String message, SupervisedStatus status, String metrics) {

  public static ControlReply status(SupervisedStatus status) {
    return new ControlReply(true, null, null, status, null);
  }

  public static ControlReply done(String message, SupervisedStatus status) {
    return new ControlReply(true, null, message, status, null);
  }

  public static ControlReply failed(String error) {
    return new ControlReply(false, error, null, null, null);
  }

  public static ControlReply metrics(String text) {
    return new ControlReply(true, null, null, null, text);
  }
}
