package io.svc4j.cli.supervise;

import io.svc4j.cli.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options that {@code svc4j install} and {@code svc4j run} both take for the program they
 * serve: its command, name, configuration file, log directory, user, environment files, stop
 * timeout and first restart delay. Declared once here; install passes them on to the run it writes.
 *
 * <p>Each command words their help for itself (install's also covers its --direct mode): the texts
 * are in the command's resource bundle under {@code program.*} keys, and so is install's label for
 * --config. Install's default stop timeout (30s) is its own: see {@link #stopTimeout()}. {@code
 * --restart} is not here: install takes no, on-failure or always (the service manager's modes too),
 * run also unless-stopped.
 */
public final class ProgramOptions {

  @Option(names = "--name", descriptionKey = "program.name")
  private String name;

  @Option(
      names = "--config",
      descriptionKey = "program.config",
      paramLabel = "${bundle:program.config.label:-<config>}")
  private Path config;

  @Option(names = "--log-dir", descriptionKey = "program.log-dir")
  private Path logDir;

  @Option(
      names = "--stop-timeout",
      descriptionKey = "program.stop-timeout",
      converter = Durations.class)
  private Duration stopTimeout;

  @Option(names = "--run-as", descriptionKey = "program.run-as")
  private String runAs;

  @Option(names = "--env-file", descriptionKey = "program.env-file")
  private List<Path> envFiles = new ArrayList<>();

  @Option(
      names = "--restart-delay",
      descriptionKey = "program.restart-delay",
      converter = Durations.class)
  private Duration restartDelay;

  @Parameters(paramLabel = "COMMAND", description = "The program and its arguments (after --).")
  private List<String> command = new ArrayList<>();

  /** --name, null when not given. */
  public String name() {
    return name;
  }

  /** --config, null when not given. */
  public Path config() {
    return config;
  }

  /** --log-dir, null when not given. */
  public Path logDir() {
    return logDir;
  }

  /** --stop-timeout, null when not given (each command has its own default). */
  public Duration stopTimeout() {
    return stopTimeout;
  }

  /** --run-as, null when not given. */
  public String runAs() {
    return runAs;
  }

  /** Every --env-file, in order. */
  public List<Path> envFiles() {
    return envFiles;
  }

  /** --restart-delay, null when not given. */
  public Duration restartDelay() {
    return restartDelay;
  }

  /** The program and its arguments. */
  public List<String> command() {
    return command;
  }
}
