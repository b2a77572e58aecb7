package io.svc4j.supervisor.control;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.supervisor.windows.WindowsDirectories;
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

  /**
   * Where state that outlives the supervisor is kept (the {@code unless-stopped} marks): {@code
   * /var/lib/svc4j} for root, {@code $XDG_STATE_HOME/svc4j} or {@code ~/.local/state/svc4j} for a
   * user; on Windows {@code %ProgramData%\svc4j\state}.
   */
  public static Path stateDirectory() {
    if (windows()) {
      return programData().resolve("state");
    }
    if (uid() == 0) {
      return Path.of("/var/lib/svc4j");
    }
    return userStateRoot();
  }

  /**
   * A user's svc4j state directory, {@code $XDG_STATE_HOME/svc4j} or {@code ~/.local/state/svc4j}:
   * the {@code unless-stopped} marks of a non-root supervisor, and the default log directory of a
   * service installed with {@code --user-unit} ({@code logs/NAME} in it).
   */
  public static Path userStateRoot() {
    String xdg = System.getenv("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "svc4j");
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "svc4j");
  }

  static Path directory() {
    if (windows()) {
      return programData().resolve("run");
    }
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

  private static boolean windows() {
    return HostEnvironment.current().isWindows();
  }

  /**
   * {@code %ProgramData%\svc4j} on Windows: the directory above state, run and logs, created and
   * checked with them (see {@code WindowsDirectories}).
   */
  public static Path windowsRoot() {
    return WindowsDirectories.root();
  }

  private static Path programData() {
    return WindowsDirectories.root();
  }

  private static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }
}
