package io.svc4j.supervisor;

import io.svc4j.supervisor.config.ConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Test fixture of the configuration re-read tests: the supervisor of a YAML file that re-reads it,
 * and saves of that file the way editors make them.
 */
final class RereadFile {

  private RereadFile() {}

  /**
   * The supervisor of {@code file}, re-reading it at each reload; its state under {@code state}.
   */
  static Supervisor supervisor(Path file, Path state) {
    return Supervisor.of(ConfigFile.load(file).config())
        .withStateDirectory(state)
        .rereading(file, () -> ConfigFile.load(file).config());
  }

  /** Saves {@code text} the way editors do: a temporary file renamed over the original. */
  static void save(Path file, String text) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".swp");
    Files.writeString(temp, text);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
