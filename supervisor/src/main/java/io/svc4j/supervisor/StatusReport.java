package io.svc4j.supervisor;

import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.engine.ChildStatus;
import io.svc4j.supervisor.os.ChildPlatform;
import java.time.Duration;
import java.time.Instant;

/** The control channel's status answer: the snapshot, plus the tree's memory and CPU read now. */
final class StatusReport {

  private StatusReport() {}

  /**
   * {@code usage} is null when no child runs; {@code paused} is null when the child cannot be
   * paused.
   */
  static SupervisedStatus of(
      ChildStatus s,
      ChildPlatform.TreeUsage usage,
      SupervisorConfig config,
      ConfigReread.Generation generation,
      Boolean paused) {
    String name = config.name();
    var u = usage == null ? ChildPlatform.TreeUsage.NONE : usage;
    var logs = config.logs();
    return new SupervisedStatus(
        s.name(),
        s.state(),
        s.pid(),
        s.startedAt() == null ? null : s.startedAt().toString(),
        s.startedAt() != null && s.pid() > 0
            ? Duration.between(s.startedAt(), Instant.now()).toSeconds()
            : null,
        s.restarts(),
        s.lastExitCode(),
        s.reason(),
        s.childStatus(),
        s.health(),
        s.droppedLines(),
        s.logs(),
        u.processes(),
        u.residentBytes(),
        Math.round(u.cpuSeconds() * 100) / 100.0,
        logs == null ? null : logs.directory().resolve(logs.stdoutFile(name)).toString(),
        logs == null ? null : logs.directory().resolve(logs.stderrFile(name)).toString(),
        s.summary(),
        generation == null ? null : generation.number(),
        generation == null ? null : generation.loadedAt().toString(),
        paused);
  }
}
