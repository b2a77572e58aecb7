package io.svc4j.supervisor;

import java.nio.file.Path;

/**
 * {@code svc4j run --config FILE} in a JVM of its own: the supervisor of {@code args[0]},
 * re-reading it, hosted on the console with its control channel at {@code args[1]}.
 */
public final class RereadingMain {
  private RereadingMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    System.exit(RereadFile.supervisor(file, Path.of(args[2])).runHosted(Path.of(args[1])));
  }
}
