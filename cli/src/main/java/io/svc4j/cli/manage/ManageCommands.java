package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.install.UpdateCommand;
import picocli.CommandLine;

/**
 * The commands that act on an installed service, registered alike by the {@code svc4j} command and
 * by every application that uses {@code EmbeddedService}.
 */
public final class ManageCommands {

  private ManageCommands() {}

  /**
   * Adds uninstall, start, stop, restart, pause, resume, reload, status and update to {@code cli}.
   */
  public static void addTo(CommandLine cli, CliContext context) {
    cli.addSubcommand(new UninstallCommand(context));
    cli.addSubcommand(new StartCommand(context));
    cli.addSubcommand(new StopCommand(context));
    cli.addSubcommand(new RestartCommand(context));
    cli.addSubcommand(new PauseCommand(context));
    cli.addSubcommand(new ResumeCommand(context));
    cli.addSubcommand(new ReloadCommand(context));
    cli.addSubcommand(new StatusCommand(context));
    cli.addSubcommand(new UpdateCommand(context));
  }

  /** {@code svc4j reload}, to run in-process (the watcher's {@code reload:} action). */
  public static Object reload(CliContext context) {
    return new ReloadCommand(context);
  }

  /** {@code svc4j restart}, to run in-process (the watcher's {@code restart:} action). */
  public static Object restart(CliContext context) {
    return new RestartCommand(context);
  }
}
