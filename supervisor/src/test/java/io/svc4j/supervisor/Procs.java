package io.svc4j.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** Test helpers about real processes. */
final class Procs {
  private Procs() {}

  /** Alive and not a zombie. */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code pid}'s command line, arguments joined by spaces, once its exec is complete. A child is
   * reported started when posix_spawn returns, i.e. as soon as the exec replaced the supervisor's
   * memory; the kernel fills the arguments in a moment later, and until then /proc/PID/cmdline
   * reads empty (seen for 24 of 200 children read right after ChildSpawner.spawn returned, and
   * under load after the supervisor had logged the child RUNNING). Bounded: a zombie, whose command
   * line stays empty, fails with its /proc/PID/stat.
   */
  static String cmdline(long pid) {
    Path file = Path.of("/proc/" + pid + "/cmdline");
    String[] line = {""};
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(5))
          .until(
              () -> {
                line[0] = Files.readString(file).replace('\0', ' ').strip();
                return !line[0].isEmpty();
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "pid " + pid + " has no command line after 10 s; /proc/PID/stat: " + stat(pid), e);
    }
    return line[0];
  }

  private static String stat(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/stat")).strip();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Pids written one per line into {@code file}. */
  static List<Long> pids(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Long::parseLong)
        .toList();
  }

  static List<String> sh(String script) {
    return List.of("/bin/sh", "-c", script);
  }

  static List<String> python(String script) {
    return List.of("python3", "-c", script);
  }
}
