package io.svc4j.supervisor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.svc4j.supervisor.control.ControlServer;
import java.util.concurrent.TimeUnit;

/** What the control channel's commands do to a supervisor; called on the control thread. */
final class ControlCommands {

  private final Supervisor supervisor;
  private final OperatorStops operatorStops;

  ControlCommands(Supervisor supervisor, OperatorStops operatorStops) {
    this.supervisor = supervisor;
    this.operatorStops = operatorStops;
  }

  ObjectNode handle(String command) {
    long budget = supervisor.stopBudget().toMillis();
    try {
      return switch (command) {
        case "status" -> supervisor.statusJson();
        case "start" -> {
          operatorStops.record(false);
          supervisor.startChild();
          yield ok("start requested");
        }
        case "stop" -> {
          ChildState end = supervisor.stopChild().get(budget, TimeUnit.MILLISECONDS);
          operatorStops.record(true);
          yield ok("stopped: " + end);
        }
        case "restart" -> {
          operatorStops.record(false);
          supervisor.restartChild().get(budget, TimeUnit.MILLISECONDS);
          yield ok("restarted");
        }
        default ->
            ControlServer.errorResponse(
                "unknown command '" + command + "'; use status, start, stop or restart");
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ControlServer.errorResponse("interrupted");
    } catch (Exception e) {
      return ControlServer.errorResponse(command + " failed: " + e);
    }
  }

  private ObjectNode ok(String message) {
    ObjectNode node = supervisor.statusJson();
    node.put("message", message);
    return node;
  }
}
