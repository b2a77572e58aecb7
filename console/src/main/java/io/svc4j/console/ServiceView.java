package io.svc4j.console;

import io.svc4j.supervisor.control.ControlClient;
import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One row of the page: a service and, when its supervisor answers, what it reports (state, pid,
 * uptime, restarts, last exit, health, memory, CPU). No environment value or command line is part
 * of it: the page never shows secrets.
 *
 * @param name the service
 * @param supervised whether a supervisor answered on its control socket
 * @param status the supervisor's answer, null when none
 * @param problem why there is no status ("no supervisor answers"), null when there is one
 */
public record ServiceView(
    String name, boolean supervised, SupervisedStatus status, String problem) {

  static final Duration TIMEOUT = Duration.ofSeconds(3);

  static ServiceView read(String name, Path socket) {
    try {
      ControlReply reply = ControlClient.send(socket, SupervisorCommand.STATUS, TIMEOUT);
      if (reply.ok() && reply.status() != null) {
        return new ServiceView(name, true, redact(reply.status()), null);
      }
      return new ServiceView(name, true, null, "supervisor refused status: " + reply.error());
    } catch (ControlClient.NotListeningException | UnsupportedOperationException e) {
      return new ServiceView(name, false, null, "no supervisor answers (not running?)");
    } catch (IOException e) {
      return new ServiceView(name, true, null, "supervisor does not answer: " + e.getMessage());
    }
  }

  /** The fields the page shows; log paths stay on the server. */
  private static SupervisedStatus redact(SupervisedStatus s) {
    return new SupervisedStatus(
        s.name(),
        s.state(),
        s.pid(),
        s.startedAt(),
        s.uptimeSeconds(),
        s.restarts(),
        s.lastExitCode(),
        s.reason(),
        s.childStatus(),
        s.health(),
        s.droppedLines(),
        s.logs(),
        s.processes(),
        s.memoryBytes(),
        s.cpuSeconds(),
        null,
        null,
        s.summary(),
        null,
        null);
  }
}
