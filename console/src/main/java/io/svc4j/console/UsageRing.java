package io.svc4j.console;

/**
 * The last {@code capacity} usage samples of one service, oldest dropped first: when it was taken,
 * the child tree's resident memory and its CPU use since the sample before. Memory use stays
 * bounded whatever runs for how long. Not thread-safe on its own: {@link UsageHistory} locks it.
 */
final class UsageRing {

  private final long[] epochSeconds;
  private final long[] memoryBytes; // -1: no child ran
  private final double[] cpuPercent; // NaN: unknown (first sample of a run, or no child)
  private int next; // where the next sample goes
  private int size;
  private long lastPid;
  private double lastCpuSeconds;
  private long lastNanos;

  UsageRing(int capacity) {
    epochSeconds = new long[capacity];
    memoryBytes = new long[capacity];
    cpuPercent = new double[capacity];
  }

  /**
   * Adds a sample of the running child {@code pid} (0: none runs). CPU use is the tree's CPU
   * seconds since the previous sample of the same child over the time between them; the first
   * sample of a child has none.
   */
  void add(long epochSecond, long nanos, long pid, long memory, double cpuSeconds) {
    double cpu = Double.NaN;
    if (pid > 0 && pid == lastPid && nanos > lastNanos && cpuSeconds >= lastCpuSeconds) {
      cpu = (cpuSeconds - lastCpuSeconds) / ((nanos - lastNanos) / 1e9) * 100;
    }
    epochSeconds[next] = epochSecond;
    memoryBytes[next] = pid > 0 ? memory : -1;
    cpuPercent[next] = cpu;
    next = (next + 1) % epochSeconds.length;
    size = Math.min(size + 1, epochSeconds.length);
    lastPid = pid;
    lastCpuSeconds = cpuSeconds;
    lastNanos = nanos;
  }

  /** Whether no child was seen running since {@code epochSecond} (or ever). */
  boolean idleSince(long epochSecond) {
    for (int i = 0; i < size; i++) {
      int at = (next - 1 - i + epochSeconds.length) % epochSeconds.length;
      if (epochSeconds[at] < epochSecond) {
        break;
      }
      if (memoryBytes[at] >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The samples, oldest first; no-child samples as nulls (a gap in the chart). */
  UsageSeries series(int intervalSeconds) {
    long[] t = new long[size];
    Long[] memory = new Long[size];
    Double[] cpu = new Double[size];
    int first = (next - size + epochSeconds.length) % epochSeconds.length;
    for (int i = 0; i < size; i++) {
      int at = (first + i) % epochSeconds.length;
      t[i] = epochSeconds[at];
      memory[i] = memoryBytes[at] < 0 ? null : memoryBytes[at];
      cpu[i] = Double.isNaN(cpuPercent[at]) ? null : Math.round(cpuPercent[at] * 10) / 10.0;
    }
    return new UsageSeries(intervalSeconds, t, memory, cpu);
  }

  /**
   * One service's usage over the last hour, as the page's chart reads it.
   *
   * @param intervalSeconds how far apart the samples are meant to be
   * @param t when each sample was taken (Unix seconds)
   * @param memoryBytes the child tree's resident memory, null when no child ran
   * @param cpuPercent the tree's CPU use since the sample before (100 = one core), null if unknown
   */
  record UsageSeries(int intervalSeconds, long[] t, Long[] memoryBytes, Double[] cpuPercent) {}
}
