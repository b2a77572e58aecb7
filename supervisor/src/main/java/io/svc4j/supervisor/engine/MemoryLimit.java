package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.os.ChildPlatform;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * restart.max-memory: the periodic upkeep measures the live tree and says when it is above the
 * limit, which the engine treats as a restart trigger.
 */
record MemoryLimit(Long bytes) {

  /**
   * The periodic upkeep of the live {@code child} (null: none): the platform's own chores, and the
   * tree measured only when there is a limit (reading every member's figures costs I/O). On the
   * scan thread.
   */
  ChildPlatform.TreeUsage scan(ChildPlatform platform, Process child) {
    try {
      return platform.upkeep(child, child != null && measures());
    } catch (RuntimeException e) {
      // On the scan thread: logged, and the next round tries again.
      LoggerFactory.getLogger(ChildEngine.LOG).warn("upkeep scan failed: {}", e.toString());
      return ChildPlatform.TreeUsage.NONE;
    }
  }

  /** Whether there is a limit, which only periodic measuring can enforce. */
  boolean measures() {
    return bytes != null;
  }

  /** Why the tree must be restarted, if it uses more than the limit. */
  Optional<String> exceededBy(ChildPlatform.TreeUsage usage) {
    if (bytes == null || usage.residentBytes() <= bytes) {
      return Optional.empty();
    }
    return Optional.of(
        "its tree uses "
            + (usage.residentBytes() >> 20)
            + " MiB, above max-memory "
            + (bytes >> 20)
            + " MiB");
  }
}
