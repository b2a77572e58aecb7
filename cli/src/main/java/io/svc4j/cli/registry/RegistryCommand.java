package io.svc4j.cli.registry;

import io.svc4j.cli.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code svc4j registry serve | list | watch}: the service registry's command group. */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "Run the service registry, or read it: serve, list, watch.")
public final class RegistryCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static CommandLine create(CliContext context) {
    CommandLine group = new CommandLine(new RegistryCommand());
    group.addSubcommand(new RegistryServeCommand());
    group.addSubcommand(new RegistryListCommand(context));
    group.addSubcommand(new RegistryWatchCommand(context));
    return group;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: serve, list or watch");
  }
}
