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
 * @param manager what the service manager says of it (its state word, main pid, last exit code);
 *     null when it is not installed or the console has no service manager
 */
public record ServiceView(
    String name, boolean supervised, SupervisedStatus status, String problem, ManagerView manager) {

  /** The service manager's view of an installed service, as {@code svc4j status} shows it. */
  public record ManagerView(String state, Long mainPid, Integer exitCode) {
    static ManagerView of(io.svc4j.manager.ServiceStatus s) {
      return new ManagerView(
          s.state().name(),
          s.mainPid().isPresent() ? s.mainPid().getAsLong() : null,
          s.exitCode().isPresent() ? s.exitCode().getAsInt() : null);
    }
  }

  /** {@code name}'s row: its supervisor's status and its service manager's. */
  static ServiceView read(String name, ServiceSource source) {
    ServiceView v = read(name, source.controlSocket(name));
    return new ServiceView(
        v.name,
        v.supervised,
        v.status,
        v.problem,
        source.managerStatus(name).map(ManagerView::of).orElse(null));
  }

  static final Duration TIMEOUT = Duration.ofSeconds(3);

  static ServiceView read(String name, Path socket) {
    try {
      ControlReply reply = ControlClient.send(socket, SupervisorCommand.STATUS, TIMEOUT);
      if (reply.ok() && reply.status() != null) {
        return new ServiceView(name, true, redact(reply.status()), null, null);
      }
      return new ServiceView(name, true, null, "supervisor refused status: " + reply.error(), null);
    } catch (ControlClient.NotListeningException | UnsupportedOperationException e) {
      return new ServiceView(name, false, null, "no supervisor answers (not running?)", null);
    } catch (IOException e) {
      return new ServiceView(
          name, true, null, "supervisor does not answer: " + e.getMessage(), null);
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
        null,
        s.paused());
  }
}
