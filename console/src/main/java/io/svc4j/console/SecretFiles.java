package io.svc4j.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Files that hold secrets (tokens, password hashes, the TLS private key) must be readable by their
 * owner only: a key that every local user can read is no secret.
 */
final class SecretFiles {

  private SecretFiles() {}

  /**
   * Reads {@code file} after checking that neither group nor others may read it (where the file
   * system has POSIX permissions).
   *
   * @throws IllegalArgumentException with one line that says how to fix it
   */
  static String read(Path file, String option) {
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream()
            .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          throw new IllegalArgumentException(
              option + " " + file + " is readable by others; run chmod 600 " + file);
        }
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e);
    }
  }
}
