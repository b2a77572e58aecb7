package io.svc4j.console;

import io.svc4j.supervisor.control.SupervisorCommand;
import java.util.Locale;
import java.util.Optional;

/** The actions of the console's buttons; lower case in URLs and requests. */
enum ActionKind {
  START(SupervisorCommand.START),
  STOP(SupervisorCommand.STOP),
  RESTART(SupervisorCommand.RESTART),
  RELOAD(SupervisorCommand.RELOAD),
  PAUSE(SupervisorCommand.PAUSE),
  RESUME(SupervisorCommand.RESUME);

  private final SupervisorCommand command;

  ActionKind(SupervisorCommand command) {
    this.command = command;
  }

  /** What the supervisor is asked, when one answers for the service. */
  SupervisorCommand command() {
    return command;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<ActionKind> ofWire(String wire) {
    for (ActionKind a : values()) {
      if (a.wire().equals(wire)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** For the one-line refusal of an unknown action. */
  static String choices() {
    return "use start, stop, restart, reload, pause or resume";
  }
}
