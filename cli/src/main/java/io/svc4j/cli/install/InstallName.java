package io.svc4j.cli.install;

import io.svc4j.cli.UsageException;
import io.svc4j.cli.supervise.NameOverride;
import io.svc4j.supervisor.config.ConfigFile;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The name {@code svc4j install} gives the service: {@code --name}, else the {@code name:} of the
 * supervisor's {@code --config} file, else an embedded application's own name. {@code --name} wins
 * over the file's name, as it does for {@code svc4j run} (the installed service runs {@code svc4j
 * run --name NAME --config FILE}); when they differ, one line says so.
 */
final class InstallName {

  private InstallName() {}

  /**
   * @param flag {@code --name}, or null
   * @param embeddedDefault an embedded application's name, or null
   * @param configFile {@code --config} (supervised mode only), or null
   */
  static String resolve(String flag, String embeddedDefault, Path configFile, PrintWriter err) {
    String fromFile =
        configFile == null ? null : ConfigFile.load(configFile.toAbsolutePath()).config().name();
    if (flag != null) {
      if (fromFile != null) {
        NameOverride.note(flag, fromFile, configFile, err);
      }
      return flag;
    }
    if (fromFile != null) {
      return fromFile;
    }
    if (embeddedDefault != null) {
      return embeddedDefault;
    }
    throw new UsageException(
        "no service name: give --name NAME, or --config FILE whose 'name:' names the service");
  }
}
