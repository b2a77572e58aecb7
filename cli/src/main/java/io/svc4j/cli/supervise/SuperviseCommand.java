package io.svc4j.cli.supervise;

import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlPaths;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code svc4j run}: supervises one program in the foreground under whatever started this process
 * (a console, systemd, the SCM): restart policy, readiness, health checks, log capture, a stop of
 * the whole process tree, and a control socket for {@code svc4j status}. Supervised services that
 * {@code svc4j install} writes run exactly this.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    resourceBundle = "io.svc4j.cli.supervise.RunHelp",
    description = "Supervise a program in the foreground (what a supervised service runs).")
public final class SuperviseCommand implements Callable<Integer> {

  @Mixin ProgramOptions program;

  @Option(
      names = "--restart",
      description =
          "When the program is started again after it ended: no, on-failure, always or"
              + " unless-stopped (over the config file's restart.mode).")
  String restart;

  @Spec CommandSpec spec;

  /**
   * @param notes where the line goes when --name differs from the file's name, or null
   */
  private SupervisorConfig settings(PrintWriter notes) {
    return SupervisedSettings.resolve(
        program.name(),
        program.command(),
        program.config(),
        program.logDir(),
        program.stopTimeout(),
        program.runAs(),
        program.envFiles(),
        new ChildRestart(
            restart == null ? null : RestartMode.parse(restart, "--restart"),
            program.restartDelay()),
        notes);
  }

  @Override
  public Integer call() {
    var settings = settings(spec.commandLine().getErr());
    Supervisor supervisor = Supervisor.of(settings);
    // A reload re-reads the config file, with the command line's settings over it again.
    if (program.config() != null) {
      supervisor.rereading(program.config(), () -> settings(null));
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
