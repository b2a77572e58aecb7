package io.svc4j.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
