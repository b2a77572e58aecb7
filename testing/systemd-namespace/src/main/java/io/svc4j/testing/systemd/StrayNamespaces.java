package io.svc4j.testing.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the processes of a booted namespace through /proc, and powers off namespaces an earlier run
 * left behind (a JVM killed with SIGKILL runs no shutdown hook). Only namespaces this harness
 * booted are touched: the PID must still be systemd, in the recorded pid namespace, with the
 * harness's marker in its environment.
 */
final class StrayNamespaces {

  static final String SENTINEL_PREFIX = "svc4j-e2e-host-tmp-";

  private StrayNamespaces() {}

  /**
   * Writes {@code dir/pid}: systemd's PID, its pid namespace, the booting JVM's PID and start time,
   * and the sentinel file that JVM keeps in the host's /tmp.
   */
  static void record(Path dir, long pid, String pidNamespace, Path hostTmpSentinel)
      throws IOException {
    ProcessHandle self = ProcessHandle.current();
    Files.writeString(
        dir.resolve("pid"),
        String.join(
                "\n",
                Long.toString(pid),
                pidNamespace,
                Long.toString(self.pid()),
                started(self),
                hostTmpSentinel.toString())
            + "\n");
  }

  static void powerOffLeftovers(Path root) throws IOException, InterruptedException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (DirectoryStream<Path> runs = Files.newDirectoryStream(root)) {
      for (Path run : runs) {
        Path pidFile = run.resolve("pid");
        if (!Files.isRegularFile(pidFile)) {
          continue;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 5) {
          continue;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        String namespace = lines.get(1).strip();
        long owner = Long.parseLong(lines.get(2).strip());
        String ownerStarted = lines.get(3).strip();
        boolean ownerAlive =
            ProcessHandle.of(owner).map(h -> started(h).equals(ownerStarted)).orElse(false);
        if (!ownerAlive && isOurSystemd(pid, namespace)) {
          System.err.println(
              "svc4j-e2e: powering off systemd PID "
                  + pid
                  + " of "
                  + run
                  + ": the JVM that booted it (PID "
                  + owner
                  + ") is gone");
          SystemdNamespace.powerOff(pid, namespace);
        }
        Path sentinel = Path.of(lines.get(4).strip());
        if (!ownerAlive && sentinel.getFileName().toString().startsWith(SENTINEL_PREFIX)) {
          Files.deleteIfExists(sentinel);
        }
        if (!ownerAlive && !run.startsWith(RunDirectories.targetDir())) {
          SystemdNamespace.deleteRecursively(run); // under /var/lib nothing else cleans it up
        }
      }
    }
  }

  private static String started(ProcessHandle process) {
    return process.info().startInstant().map(Object::toString).orElse("?");
  }

  static boolean isSystemd(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "cmdline"))
        .startsWith("/lib/systemd/systemd\0");
  }

  static boolean isOurSystemd(long pid, String pidNamespace) {
    return isSystemd(pid)
        && pidNamespace.equals(namespaceOf(pid))
        && List.of(read(Path.of("/proc", Long.toString(pid), "environ")).split("\0"))
            .contains(SystemdNamespace.marker());
  }

  /** Host PIDs of every process whose pid namespace is {@code pidNamespace}. */
  static List<Long> processesIn(String pidNamespace) {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : proc) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pidNamespace.equals(namespaceOf(pid))) {
          pids.add(pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return pids;
  }

  private static String namespaceOf(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "pid")).toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
