package io.svc4j.supervisor;

import io.svc4j.runtime.HostOptions;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.logs.LogAccess;
import io.svc4j.supervisor.logs.LogDirectory;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import io.svc4j.supervisor.os.ChildPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link Supervisor#of} refuses, checked without creating anything: no log directory or file,
 * no runtime directory, no thread. {@code svc4j install} refuses at install what the supervisor
 * would refuse at start, and its {@code --dry-run} must leave the disk as it was.
 */
public final class SupervisorCheck {

  private SupervisorCheck() {}

  /**
   * Throws {@link ConfigException} naming the setting for what {@link Supervisor#of} would refuse;
   * returns the host options a supervisor for {@code config} needs (its stop deadline).
   */
  public static HostOptions check(SupervisorConfig config) {
    try (ChildPlatform platform = ChildPlatform.detect(config)) {
      Map<String, String> env = Supervisor.buildEnvironment(config, platform);
      platform.checkCommand(config.command(), config.workingDirectory(), env);
    }
    if (!config.restart().onOutput().isEmpty() && config.logs() == null) {
      throw new ConfigException(
          "restart.on-output", "needs log capture: set logs.directory so the output can be read");
    }
    if (config.logs() != null) {
      checkLogDirectory(config.logs().directory(), config.runAs());
    }
    return HostOptions.named(config.name()).withStopDeadline(Supervisor.stopBudget(config));
  }

  /**
   * The directory, or the nearest of its parents that exists (the supervisor creates the rest), is
   * a directory this process may write to, and nobody else but root can write it or a directory
   * above it.
   */
  private static void checkLogDirectory(Path directory, String runAs) {
    Path existing = directory.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    String problem = null;
    if (existing == null || !Files.isDirectory(existing)) {
      problem = "'" + existing + "' is not a directory";
    } else if (!Files.isWritable(existing)) {
      problem = "'" + existing + "' is not writable";
    }
    if (problem != null) {
      throw new ConfigException(
          "logs.directory", "cannot write log files in '" + directory + "': " + problem);
    }
    try {
      LogDirectory.check(directory, LogAccess.forRunAs(runAs));
    } catch (UnsafeDirectoryException e) {
      throw new ConfigException("logs.directory", e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(
          "logs.directory", "cannot write log files in '" + directory + "': " + e.getMessage());
    }
  }
}
