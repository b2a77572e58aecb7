package io.svc4j.supervisor;

import io.svc4j.runtime.HostOptions;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.logs.LogAccess;
import io.svc4j.supervisor.logs.LogDirectory;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.ChildPlatforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link Supervisor#of} refuses, checked without creating anything: no log directory or file,
 * no runtime directory, no thread. {@code svc4j install} refuses at install what the supervisor
 * would refuse at start, and its {@code --dry-run} must leave the disk as it was.
 */
public final class SupervisorCheck {

  private SupervisorCheck() {}

  /**
   * Throws the first {@link ConfigException} of {@link #validate}; returns the host options a
   * supervisor for {@code config} needs (its stop deadline, {@link StopBudget#of}).
   */
  public static HostOptions check(SupervisorConfig config) {
    List<ConfigException> problems = validate(config);
    if (!problems.isEmpty()) {
      throw problems.getFirst();
    }
    return HostOptions.named(config.name()).withStopDeadline(StopBudget.of(config));
  }

  /**
   * Everything {@link Supervisor#of} would refuse for {@code config}, each located by the setting
   * it names ({@code command}, {@code run-as}, {@code logs.directory} ...); empty when it would
   * start. Reads the disk (the program, the environment files, the log directory's owners) and
   * writes nothing.
   */
  public static List<ConfigException> validate(SupervisorConfig config) {
    List<ConfigException> problems = new ArrayList<>();
    collect(problems, () -> checkCommand(config));
    if (!config.restart().onOutput().isEmpty() && config.logs() == null) {
      problems.add(
          new ConfigException(
              "restart.on-output",
              "needs log capture: set logs.directory so the output can be read"));
    }
    if (config.logs() != null) {
      collect(problems, () -> checkLogDirectory(config.logs().directory(), config.runAs()));
    }
    return List.copyOf(problems);
  }

  private static void checkCommand(SupervisorConfig config) {
    try (ChildPlatform platform = ChildPlatforms.forThisHost(config)) {
      Map<String, String> env = io.svc4j.supervisor.engine.ChildEnvironment.build(config, platform);
      platform.checkCommand(config.command(), config.workingDirectory(), env);
    }
  }

  private static void collect(List<ConfigException> problems, Runnable check) {
    try {
      check.run();
    } catch (ConfigException e) {
      problems.add(e);
    }
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
