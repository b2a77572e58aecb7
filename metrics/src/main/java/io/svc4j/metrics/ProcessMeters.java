package io.svc4j.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard {@code process_*} set of the Prometheus ecosystem (the names every Go and Java
 * client exports and every dashboard reads): CPU seconds, resident and virtual memory bytes, open
 * and maximum file descriptors, start time. Micrometer's own process binders use other names
 * ({@code process_cpu_usage}, {@code process_files_open_files}); binding only this one keeps a
 * single set. Memory comes from {@code /proc/self/statm}; where that does not exist (Windows) the
 * memory gauges are not registered.
 */
public final class ProcessMeters implements MeterBinder {

  private static final Path STATM = Path.of("/proc/self/statm");
  private static final long PAGE = 4096;

  @Override
  public void bindTo(MeterRegistry registry) {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      FunctionCounter.builder("process.cpu", sun, b -> b.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("User and system CPU time spent by this process")
          .register(registry);
    }
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      Gauge.builder("process.open.fds", unix, u -> u.getOpenFileDescriptorCount())
          .description("Open file descriptors")
          .register(registry);
      Gauge.builder("process.max.fds", unix, u -> u.getMaxFileDescriptorCount())
          .description("Maximum number of open file descriptors")
          .register(registry);
    }
    Gauge.builder(
            "process.start.time",
            () -> ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0)
        .baseUnit("seconds")
        .description("Start time of the process since the Unix epoch")
        .register(registry);
    if (Files.isReadable(STATM)) {
      Gauge.builder("process.resident.memory", () -> statm(1))
          .baseUnit("bytes")
          .description("Resident memory size")
          .register(registry);
      Gauge.builder("process.virtual.memory", () -> statm(0))
          .baseUnit("bytes")
          .description("Virtual memory size")
          .register(registry);
    }
  }

  /** Field {@code index} of /proc/self/statm (in pages), in bytes; NaN when unreadable. */
  private static double statm(int index) {
    try {
      String[] fields = Files.readString(STATM).trim().split(" ");
      return Long.parseLong(fields[index]) * PAGE;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
