package io.svc4j.cli.supervise;

import io.svc4j.cli.Durations;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlPaths;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code svc4j run}: supervises one program in the foreground under whatever started this process
 * (a console, systemd, the SCM): restart policy, readiness, health checks, log capture, a stop of
 * the whole process tree, and a control socket for {@code svc4j status}. Supervised services that
 * {@code svc4j install} writes run exactly this.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    description = "Supervise a program in the foreground (what a supervised service runs).")
public final class SuperviseCommand implements Callable<Integer> {

  @Option(names = "--name", description = "Service name (default: the config file's name).")
  String name;

  @Option(names = "--config", description = "Supervisor configuration file (YAML).")
  Path config;

  @Option(names = "--log-dir", description = "Capture stdout/stderr into rotated files here.")
  Path logDir;

  @Option(
      names = "--stop-timeout",
      description =
          "How long the program may take to stop after SIGTERM (Windows: CTRL_C) before its"
              + " tree is killed.",
      converter = Durations.class)
  Duration stopTimeout;

  @Option(
      names = "--run-as",
      description =
          "USER or USER:GROUP the program runs as; the supervisor itself stays root (Linux).")
  String runAs;

  @Option(
      names = "--env-file",
      description =
          "File of KEY=VALUE lines for the program (repeatable; after the config's"
              + " environment-files), re-read at every start; owned by root, not writable by"
              + " others.")
  List<Path> envFiles = new ArrayList<>();

  @Option(
      names = "--restart",
      description =
          "When the program is started again after it ended: no, on-failure, always or"
              + " unless-stopped (over the config file's restart.mode).")
  String restart;

  @Option(
      names = "--restart-delay",
      description = "The first restart's delay (over the config file's restart.backoff.initial).",
      converter = Durations.class)
  Duration restartDelay;

  @Parameters(paramLabel = "COMMAND", description = "The program and its arguments (after --).")
  List<String> command = new ArrayList<>();

  private SupervisorConfig settings() {
    return SupervisedSettings.resolve(
        name,
        command,
        config,
        logDir,
        stopTimeout,
        runAs,
        envFiles,
        new ChildRestart(
            restart == null ? null : RestartMode.parse(restart, "--restart"), restartDelay));
  }

  @Override
  public Integer call() {
    var settings = settings();
    Supervisor supervisor = Supervisor.of(settings);
    if (config != null) { // a reload re-reads it, with the command line's settings over it again
      supervisor.rereading(config, this::settings);
    }
    // After the checks, so that a bad configuration leaves no log file behind.
    SupervisorLog.attach(settings);
    try {
      return supervisor.runHosted(ControlPaths.forService(supervisor.config().name()));
    } finally {
      SupervisorLog.detach(); // its last lines reach the file before the JVM exits
    }
  }
}
