package io.svc4j.cli.supervise;

import io.svc4j.cli.UsageException;
import io.svc4j.supervisor.config.ConfigFile;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlPaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code svc4j run} and a supervised {@code svc4j install} turn a configuration file and flags
 * into a {@link SupervisorConfig}: the file first, then flags override it (name, command, log
 * directory, stop timeout, run-as); environment files from flags come after the file's.
 */
public final class SupervisedSettings {

  private SupervisedSettings() {}

  public static SupervisorConfig resolve(
      String name,
      List<String> command,
      Path configFile,
      Path logDir,
      Duration stopTimeout,
      String runAs,
      List<Path> envFiles) {
    return resolve(
        name, command, configFile, logDir, stopTimeout, runAs, envFiles, ChildRestart.NONE);
  }

  /** As above, with the child's restart policy from the command line over the file's. */
  public static SupervisorConfig resolve(
      String name,
      List<String> command,
      Path configFile,
      Path logDir,
      Duration stopTimeout,
      String runAs,
      List<Path> envFiles,
      ChildRestart restart) {
    return resolve(name, command, configFile, logDir, stopTimeout, runAs, envFiles, restart, null);
  }

  /**
   * As above; {@code notes}, if not null, gets {@link NameOverride}'s line when {@code name}
   * differs from the file's (null for a re-read: the line was said at the start).
   */
  public static SupervisorConfig resolve(
      String name,
      List<String> command,
      Path configFile,
      Path logDir,
      Duration stopTimeout,
      String runAs,
      List<Path> envFiles,
      ChildRestart restart,
      PrintWriter notes) {
    SupervisorConfig config;
    if (configFile != null) {
      config = ConfigFile.load(configFile.toAbsolutePath()).config();
      if (name != null) {
        if (notes != null) {
          NameOverride.note(name, config.name(), configFile, notes);
        }
        config = config.withName(name);
      }
      if (!command.isEmpty()) {
        config = config.withCommand(command);
      }
    } else {
      if (name == null) {
        throw new UsageException("missing required option --name=NAME (or --config FILE)");
      }
      if (command.isEmpty()) {
        throw new UsageException(
            "no command to supervise: add -- COMMAND [ARGS...] or --config FILE");
      }
      config = SupervisorConfig.of(name, command);
    }
    if (logDir != null) {
      // The directory only: the file's rotation, gzip, timestamps ... stay (and a reload of the
      // file applies them; install always writes --log-dir).
      Path dir = logDir.toAbsolutePath();
      config =
          config.withLogs(
              config.logs() == null ? LogSettings.in(dir) : config.logs().withDirectory(dir));
    }
    if (stopTimeout != null) {
      config = config.withStop(config.stop().withTimeout(stopTimeout));
    }
    if (runAs != null) {
      config = config.withRunAs(runAs);
    }
    if (!envFiles.isEmpty()) {
      List<String> files = new ArrayList<>(config.environmentFiles());
      envFiles.forEach(f -> files.add(f.toAbsolutePath().toString()));
      config = config.withEnvironmentFiles(files);
    }
    return restart.applyTo(config);
  }

  /** Where a supervised service installed by svc4j keeps its captured output by default. */
  public static Path defaultLogDirectory(String name, boolean userScope) {
    if (io.svc4j.runtime.HostEnvironment.current().isWindows()) {
      return ControlPaths.windowsRoot().resolve("logs").resolve(name);
    }
    if (!userScope) {
      return Path.of("/var/log/svc4j", name);
    }
    return ControlPaths.userStateRoot().resolve("logs").resolve(name);
  }
}
