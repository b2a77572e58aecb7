package io.svc4j.systemd.manager;

import io.svc4j.manager.ManagerException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The check that a unit's program exists before systemd is asked to run it. */
final class Executables {

  private Executables() {}

  static void requireExecutable(String executable) {
    Path path = Path.of(executable);
    if (!Files.exists(path)) {
      throw new ManagerException(
          "the executable " + executable + " does not exist: check the path after --");
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new ManagerException(
          executable + " is not an executable file: check the path and its permissions (chmod +x)");
    }
  }
}
