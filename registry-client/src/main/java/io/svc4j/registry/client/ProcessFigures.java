package io.svc4j.registry.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU and resident memory of this process, from the JDK's management bean and Linux's /proc: no
 * native library. On systems without /proc the memory is unknown (null on the wire).
 */
public final class ProcessFigures {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessFigures() {}

  /** The process's share of the machine's CPU since the last call, 0.0-1.0; empty if unknown. */
  public static Optional<Double> cpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0 || Double.isNaN(load) ? Optional.empty() : Optional.of(Math.min(1.0, load));
    }
    return Optional.empty();
  }

  /** Resident set size in bytes (VmRSS); empty where /proc is missing. */
  public static Optional<Long> rssBytes() {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      for (String line : lines) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Optional.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or a kernel without VmRSS: unknown
    }
    return Optional.empty();
  }
}
