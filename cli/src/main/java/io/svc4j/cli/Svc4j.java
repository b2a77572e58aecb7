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
    CommandLine cli = new CommandLine(new Svc4j());
    cli.addSubcommand(new InstallCommand(context, new DirectCommandSource(), null));
    ManageCommands.addTo(cli, context);
    cli.addSubcommand(new ListCommand(context));
    cli.addSubcommand(new SuperviseCommand());
    cli.addSubcommand(new LogsCommand(context));
    cli.addSubcommand(new MetricsCommand(context));
    cli.addSubcommand(new ConsoleCommand(context));
    cli.addSubcommand(new SchemaCommand(context));
    cli.addSubcommand("registry", RegistryCommand.create(context));
    cli.addSubcommand(new WatchCommand(context));
    int code = Errors.configure(cli, context, args).execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }
}
