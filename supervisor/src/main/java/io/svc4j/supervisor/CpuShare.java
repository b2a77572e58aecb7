package io.svc4j.supervisor;

import io.svc4j.supervisor.os.ChildPlatform;

/**
 * The child tree's CPU share between two readings, for a registry heartbeat: CPU seconds used since
 * the last reading, over the wall time since then and the machine's processors.
 */
final class CpuShare {

  private double lastCpuSeconds = -1;
  private long lastNanos;
  private long lastPid;

  /** The share in [0, 1] since the last reading of the same pid, null for the first. */
  synchronized Double next(long pid, ChildPlatform.TreeUsage usage, long nowNanos) {
    Double cpu = null;
    if (lastCpuSeconds >= 0 && lastPid == pid && nowNanos > lastNanos) {
      double share =
          (usage.cpuSeconds() - lastCpuSeconds)
              / ((nowNanos - lastNanos) / 1e9)
              / Runtime.getRuntime().availableProcessors();
      cpu = Math.max(0, Math.min(1, share));
    }
    lastCpuSeconds = usage.cpuSeconds();
    lastNanos = nowNanos;
    lastPid = pid;
    return cpu;
  }
}
