package io.svc4j.supervisor;

import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.ChildState;
import java.util.concurrent.TimeUnit;

/**
 * What the control channel's commands do to a supervisor. Called on one virtual thread per
 * connection, so calls overlap: {@code status} reads the published snapshot and never waits for a
 * {@code stop} or {@code restart} in progress.
 */
final class ControlCommands {

  private final Supervisor supervisor;
  private final OperatorStops operatorStops;

  ControlCommands(Supervisor supervisor, OperatorStops operatorStops) {
    this.supervisor = supervisor;
    this.operatorStops = operatorStops;
  }

  ControlReply handle(SupervisorCommand command) {
    long budget = supervisor.stopBudget().toMillis();
    try {
      return switch (command) {
        case STATUS -> ControlReply.status(supervisor.liveStatus());
        case METRICS -> ControlReply.metrics(supervisor.metrics().scrape(null));
        case START -> {
          operatorStops.record(false);
          supervisor.metrics().operatorRequested(command);
          supervisor.startChild();
          yield done("start requested");
        }
        case STOP -> {
          ChildState end = supervisor.stopChild().get(budget, TimeUnit.MILLISECONDS);
          operatorStops.record(true);
          yield done("stopped: " + end);
        }
        case RELOAD -> {
          supervisor.reload(); // the re-read of the file first, as systemctl reload
          yield done("reloaded");
        }
        case PAUSE -> {
          try {
            yield done(supervisor.pause().pause());
          } catch (IllegalStateException refused) {
            yield ControlReply.failed(refused.getMessage());
          }
        }
        case RESUME -> done(supervisor.pause().resume());
        case RESTART -> {
          operatorStops.record(false);
          supervisor.metrics().operatorRequested(command);
          supervisor.restartChild().get(budget, TimeUnit.MILLISECONDS);
          yield done("restarted");
        }
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ControlReply.failed("interrupted");
    } catch (Exception e) {
      return ControlReply.failed(command.wire() + " failed: " + e);
    }
  }

  private ControlReply done(String message) {
    return ControlReply.done(message, supervisor.liveStatus());
  }
}
