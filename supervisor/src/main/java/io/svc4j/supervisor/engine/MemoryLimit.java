package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.os.ChildPlatform;
import java.util.Optional;

/**
 * restart.max-memory: the periodic upkeep measures the live tree and says when it is above the
 * limit, which the engine treats as a restart trigger.
 */
record MemoryLimit(Long bytes) {

  /** Whether the upkeep must measure the tree (reading every member's figures costs I/O). */
  boolean measured() {
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
