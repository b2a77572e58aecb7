package io.svc4j.cli;

import io.svc4j.cli.console.ConsoleCommand;
import io.svc4j.cli.install.DirectCommandSource;
import io.svc4j.cli.install.InstallCommand;
import io.svc4j.cli.install.SchemaCommand;
import io.svc4j.cli.logs.LogsCommand;
import io.svc4j.cli.manage.ListCommand;
import io.svc4j.cli.manage.ManageCommands;
import io.svc4j.cli.manage.MetricsCommand;
import io.svc4j.cli.registry.RegistryCommand;
import io.svc4j.cli.supervise.SuperviseCommand;
import io.svc4j.cli.watch.WatchCommand;
import io.svc4j.runtime.JnaLibraryHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code svc4j} command line. */
@Command(
    name = "svc4j",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Turns a program into a real background service (systemd, Windows SCM).",
    subcommandsRepeatable = false)
public final class Svc4j implements Runnable {

  @Mixin Verbosity verbosity;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    JnaLibraryHome.prepare(); // before anything touches JNA
    System.setProperty(CliLogbackConfigurator.PROPERTY, "true");
    System.exit(execute(args, CliContext.system()));
  }

  public static int execute(String[] args, CliContext context) {
    Logging.configure(args);
    int code = Errors.configure(commandLine(args, context), context, args).execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  /**
   * The command line with only the subcommand {@code args} name, or with all of them when they name
   * none (help, a typo: picocli then lists or suggests them all). picocli builds the model of every
   * registered command from its annotations before it runs one: registering all cost a third of a
   * CLI call's CPU (docs/performance.md).
   */
  static CommandLine commandLine(String[] args, CliContext context) {
    CommandLine cli = new CommandLine(new Svc4j());
    String wanted = Subcommands.first(java.util.Arrays.asList(args), "");
    if (!addOnly(cli, context, wanted) && !ManageCommands.addOnly(cli, context, wanted)) {
      for (String name : OWN) {
        addOnly(cli, context, name);
        if (name.equals("install")) {
          ManageCommands.addTo(cli, context);
        }
      }
    }
    return cli;
  }

  /**
   * The commands of this class's own, in the order help lists them (the managing ones after
   * install).
   */
  private static final java.util.List<String> OWN =
      java.util.List.of(
          "install", "list", "run", "logs", "metrics", "console", "schema", "registry", "watch");

  private static boolean addOnly(CommandLine cli, CliContext context, String name) {
    switch (name) {
      case "install" ->
          cli.addSubcommand(new InstallCommand(context, new DirectCommandSource(), null));
      case "list" -> cli.addSubcommand(new ListCommand(context));
      case "run" -> cli.addSubcommand(new SuperviseCommand());
      case "logs" -> cli.addSubcommand(new LogsCommand(context));
      case "metrics" -> cli.addSubcommand(new MetricsCommand(context));
      case "console" -> cli.addSubcommand(new ConsoleCommand(context));
      case "schema" -> cli.addSubcommand(new SchemaCommand(context));
      case "registry" -> cli.addSubcommand("registry", RegistryCommand.create(context));
      case "watch" -> cli.addSubcommand(new WatchCommand(context));
      default -> {
        return false;
      }
    }
    return true;
  }
}
