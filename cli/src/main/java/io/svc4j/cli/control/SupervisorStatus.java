package io.svc4j.cli.control;

import io.svc4j.cli.CliContext;
import io.svc4j.supervisor.control.SupervisedStatus;

/**
 * The live view of a supervised service, from its control socket: the child's state, pid, uptime,
 * restarts, last exit code, health, memory and CPU. Absent for direct services.
 */
public final class SupervisorStatus {

  private SupervisorStatus() {}

  /**
   * The supervisor's status, or null when no supervisor listens for {@code name}.
   *
   * @throws ChildControlException when one listens but does not answer in time
   */
  public static SupervisedStatus query(CliContext context, String name) {
    // No supervisor listening (a direct service, it went away, or this platform has no such
    // socket, as Wine's AF_UNIX): the live view is an extra, never a reason for status to fail.
    // One that listens and does not answer is news, though: SupervisorChannel says so.
    SupervisorChannel channel = SupervisorChannel.find(context, name);
    return channel == null ? null : channel.firstStatus();
  }

  public static String block(SupervisedStatus s) {
    StringBuilder b = new StringBuilder("  child:   ").append(s.state());
    if (s.pid() > 0) {
      b.append(", pid ").append(s.pid());
    }
    if (s.uptimeSeconds() != null) {
      b.append(", up ").append(s.uptimeSeconds()).append('s');
    }
    b.append(", restarts ").append(s.restarts());
    if (s.lastExitCode() != null) {
      b.append(", last exit ").append(s.lastExitCode());
    }
    b.append('\n');
    if (s.health() != null && !s.health().isEmpty()) {
      b.append("  health:  ").append(s.health()).append('\n');
    }
    if (s.pid() > 0) {
      b.append("  memory:  ")
          .append(s.memoryBytes() / (1024 * 1024))
          .append(" MiB in ")
          .append(s.processes())
          .append(" process(es), cpu ")
          .append(s.cpuSeconds())
          .append("s\n");
    }
    if (s.configGeneration() != null) {
      b.append("  config:  generation ")
          .append(s.configGeneration())
          .append(", loaded at ")
          .append(s.configLoadedAt())
          .append('\n');
    }
    if (s.logs() != null && !s.logs().isEmpty()) {
      b.append("  logs:    ").append(s.logs()).append('\n');
    } else if (s.droppedLines() > 0) {
      b.append("  logs:    ").append(s.droppedLines()).append(" lines dropped (disk too slow)\n");
    }
    return b.toString();
  }
}
