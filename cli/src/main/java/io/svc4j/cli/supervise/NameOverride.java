package io.svc4j.cli.supervise;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The one line {@code svc4j run} and {@code svc4j install} print when {@code --name} differs from
 * the {@code name:} of the {@code --config} file: {@code --name} wins (an installed service runs
 * {@code svc4j run --name NAME --config FILE}), and whoever named it twice should know which one
 * counts. Not an error: a file can be shared by services of different names.
 */
public final class NameOverride {

  private NameOverride() {}

  /**
   * @param flag {@code --name}, or null
   * @param fromFile the file's {@code name:}
   * @param configFile the file, as the command line gave it
   */
  public static void note(String flag, String fromFile, Path configFile, PrintWriter err) {
    if (flag != null && !flag.equals(fromFile)) {
      err.println(
          "svc4j: note: the service is named '"
              + flag
              + "' (--name wins over the name '"
              + fromFile
              + "' in "
              + configFile
              + ")");
    }
  }
}
