package io.svc4j.e2e.windows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What Wine does not implement, written down where a test met it: printed, and collected in
 * target/wine/wine-limitations.txt. Each finding is asserted by its test (the test fails if Wine's
 * behaviour changes), so nothing passes silently.
 */
final class WineFindings {
  private WineFindings() {}

  static void report(Path dir, String finding) {
    String line = "WINE LIMITATION: " + finding;
    System.out.println(line);
    try {
      Files.writeString(
          dir.resolve("wine-limitations.txt"),
          line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
