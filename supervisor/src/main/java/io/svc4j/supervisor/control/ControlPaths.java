package io.svc4j.supervisor.control;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a service's control socket lives, so that the CLI finds it by the service name alone. */
public final class ControlPaths {

  private ControlPaths() {}

  /**
   * {@code /run/svc4j/<name>.sock} for root (system services); {@code
   * $XDG_RUNTIME_DIR/svc4j/<name>.sock} for a user, or {@code /tmp/svc4j-<uid>/<name>.sock} without
   * XDG_RUNTIME_DIR.
   */
  public static Path forService(String name) {
    return directory().resolve(name + ".sock");
  }

  static Path directory() {
    int uid = uid();
    if (uid == 0) {
      return Path.of("/run/svc4j");
    }
    String xdg = System.getenv("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) {
      return Path.of(xdg, "svc4j");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "svc4j-" + uid);
  }

  private static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }
}
