package io.svc4j.supervisor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlServer;
import io.svc4j.supervisor.linux.ProcTable;
import io.svc4j.supervisor.linux.ProcessTree;
import java.time.Duration;
import java.time.Instant;

/** The control channel's status answer: the snapshot, plus the tree's memory and CPU read now. */
final class StatusReport {

  private StatusReport() {}

  static ObjectNode of(ChildStatus s, ProcessTree tree, SupervisorConfig config) {
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
    long rss = 0;
    double cpu = 0;
    int processes = 0;
    if (s.pid() > 0) {
      for (var p : tree.peek()) {
        if (!p.isZombie()) {
          rss += ProcTable.residentBytes(p.pid());
          cpu += ProcTable.cpuSeconds(p.pid());
          processes++;
        }
      }
    }
    node.put("processes", processes);
    node.put("memoryBytes", rss);
    node.put("cpuSeconds", Math.round(cpu * 100) / 100.0);
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
