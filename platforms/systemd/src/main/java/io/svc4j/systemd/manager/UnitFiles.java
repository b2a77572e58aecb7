package io.svc4j.systemd.manager;

import io.svc4j.manager.ManagerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Reading and replacing unit files so that systemd never sees a half-written one. */
final class UnitFiles {

  private UnitFiles() {}

  static Optional<String> read(Path path) {
    try {
      return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ManagerException(
          "cannot read " + path + " (" + e.getMessage() + "): check its permissions", e);
    }
  }

  /** Writes a sibling temporary file, then renames it over {@code path} in one step. */
  static void writeAtomically(Path path, String content) {
    Path directory = path.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      Files.createDirectories(directory);
      temporary =
          Files.createTempFile(
              directory,
              "." + path.getFileName() + ".",
              ".svc4j-tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (IOException e) {
      throw new ManagerException(
          "cannot write " + path + " (" + e.getMessage() + "): check the directory's permissions",
          e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // The original error is the one worth reporting.
        }
      }
    }
  }
}
