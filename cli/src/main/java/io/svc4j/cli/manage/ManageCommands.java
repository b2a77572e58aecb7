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
    for (String name : NAMES) {
      addOnly(cli, context, name);
    }
  }

  /** The commands' names, in the order help lists them (aliases: {@link #ALIASES}). */
  public static final java.util.List<String> NAMES =
      java.util.List.of(
          "uninstall", "start", "stop", "restart", "pause", "resume", "reload", "status", "update");

  /** The other names {@link #addOnly} answers to ({@code continue} is {@code resume}). */
  public static final java.util.List<String> ALIASES = java.util.List.of("continue");

  /**
   * Adds the one command called {@code name} (an alias counts) and returns true, or adds nothing
   * and returns false when none of these is called so.
   */
  public static boolean addOnly(CommandLine cli, CliContext context, String name) {
    Object command =
        switch (name) {
          case "uninstall" -> new UninstallCommand(context);
          case "start" -> new StartCommand(context);
          case "stop" -> new StopCommand(context);
          case "restart" -> new RestartCommand(context);
          case "pause" -> new PauseCommand(context);
          case "resume", "continue" -> new ResumeCommand(context);
          case "reload" -> new ReloadCommand(context);
          case "status" -> new StatusCommand(context);
          case "update" -> new UpdateCommand(context);
          default -> null;
        };
    if (command == null) {
      return false;
    }
    cli.addSubcommand(command);
    return true;
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
