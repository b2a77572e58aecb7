package io.svc4j.supervisor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlServer;
import io.svc4j.supervisor.os.ChildPlatform;
import java.time.Duration;
import java.time.Instant;

/** The control channel's status answer: the snapshot, plus the tree's memory and CPU read now. */
final class StatusReport {

  private StatusReport() {}

  /** {@code usage} is null when no child runs. */
  static ObjectNode of(ChildStatus s, ChildPlatform.TreeUsage usage, SupervisorConfig config) {
    String name = config.name();
    ObjectNode node = ControlServer.json().createObjectNode();
    node.put("ok", true);
    node.put("name", s.name());
    node.put("state", s.state().name());
    node.put("pid", s.pid());
    if (s.startedAt() != null) {
      node.put("startedAt", s.startedAt().toString());
      if (s.pid() > 0) {
        node.put("uptimeSeconds", Duration.between(s.startedAt(), Instant.now()).toSeconds());
      }
    }
    node.put("restarts", s.restarts());
    if (s.lastExitCode() != null) {
      node.put("lastExitCode", s.lastExitCode());
    }
    node.put("reason", s.reason());
    node.put("childStatus", s.childStatus());
    node.put("health", s.health());
    node.put("droppedLines", s.droppedLines());
    var u = usage == null ? ChildPlatform.TreeUsage.NONE : usage;
    node.put("processes", u.processes());
    node.put("memoryBytes", u.residentBytes());
    node.put("cpuSeconds", Math.round(u.cpuSeconds() * 100) / 100.0);
    if (config.logs() != null) {
      node.put(
          "stdoutLog",
          config.logs().directory().resolve(config.logs().stdoutFile(name)).toString());
      node.put(
          "stderrLog",
          config.logs().directory().resolve(config.logs().stderrFile(name)).toString());
    }
    node.put("summary", s.summary());
    return node;
  }
}
