package io.svc4j.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The live view of a supervised service, from its control socket: the child's state, pid, uptime,
 * restarts, last exit code, health, memory and CPU. Absent for direct services.
 */
final class SupervisorStatus {

  private SupervisorStatus() {}

  /** The supervisor's status, or null when no supervisor answers for {@code name}. */
  static JsonNode query(CliContext context, String name) {
    // No supervisor answering (a direct service, it went away, or this platform has no such
    // socket, as Wine's AF_UNIX): the live view is an extra, never a reason for status to fail.
    SupervisorChannel channel = SupervisorChannel.find(context, name);
    return channel == null ? null : channel.firstStatus();
  }

  static String block(JsonNode s) {
    StringBuilder b = new StringBuilder("  child:   ").append(s.path("state").asText());
    if (s.hasNonNull("pid") && s.path("pid").asLong() > 0) {
      b.append(", pid ").append(s.path("pid").asLong());
    }
    if (s.has("uptimeSeconds")) {
      b.append(", up ").append(s.path("uptimeSeconds").asLong()).append('s');
    }
    b.append(", restarts ").append(s.path("restarts").asInt());
    if (s.hasNonNull("lastExitCode")) {
      b.append(", last exit ").append(s.path("lastExitCode").asInt());
    }
    b.append('\n');
    if (s.hasNonNull("health") && !s.path("health").asText().isEmpty()) {
      b.append("  health:  ").append(s.path("health").asText()).append('\n');
    }
    if (s.has("memoryBytes")) {
      b.append("  memory:  ")
          .append(s.path("memoryBytes").asLong() / (1024 * 1024))
          .append(" MiB in ")
          .append(s.path("processes").size())
          .append(" process(es), cpu ")
          .append(s.path("cpuSeconds").asDouble())
          .append("s\n");
    }
    if (s.path("droppedLines").asLong() > 0) {
      b.append("  logs:    ")
          .append(s.path("droppedLines").asLong())
          .append(" lines dropped (disk too slow)\n");
    }
    return b.toString();
  }
}
