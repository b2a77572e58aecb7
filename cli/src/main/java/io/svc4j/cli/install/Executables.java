package io.svc4j.cli.install;

import io.svc4j.manager.ManagerException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the executable of an install command into an absolute path a service manager can start:
 * absolute paths are checked, bare names are looked up on PATH, relative paths are refused because
 * a service's working directory is not the caller's.
 */
public final class Executables {

  private Executables() {}

  public static Path resolve(String executable, String pathVariable) {
    if (executable.isEmpty()) {
      throw new ManagerException("empty executable: give the program to run after --");
    }
    Path given = Path.of(executable);
    if (given.isAbsolute()) {
      return requireExecutable(given, executable);
    }
    if (executable.contains("/") || executable.contains(File.separator)) {
      throw new ManagerException(
          "relative executable '"
              + executable
              + "': a service does not run in your current directory; give an absolute path, e.g. "
              + given.toAbsolutePath().normalize());
    }
    return onPath(executable, pathVariable)
        .orElseThrow(
            () ->
                new ManagerException(
                    "executable '"
                        + executable
                        + "' not found on PATH: install it or give its absolute path"));
  }

  /** {@code command} with its program resolved as by {@link #resolve}; empty stays empty. */
  public static List<String> resolveProgram(List<String> command) {
    List<String> resolved = new ArrayList<>(command);
    if (!resolved.isEmpty()) {
      resolved.set(0, resolve(resolved.get(0), System.getenv("PATH")).toString());
    }
    return resolved;
  }

  private static Optional<Path> onPath(String name, String pathVariable) {
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  private static Path requireExecutable(Path path, String shown) {
    if (!Files.exists(path)) {
      throw new ManagerException("executable '" + shown + "' does not exist: check the path");
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new ManagerException(
          "'" + shown + "' is not an executable file: check the path and its permissions");
    }
    return path;
  }
}
