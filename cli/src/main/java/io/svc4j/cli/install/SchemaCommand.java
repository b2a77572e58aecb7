package io.svc4j.cli.install;

import io.svc4j.cli.CliContext;
import io.svc4j.supervisor.config.ConfigFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code svc4j schema}: the JSON Schema of the supervisor's YAML file, for editor completion. */
@Command(
    mixinStandardHelpOptions = true,
    name = "schema",
    description = "Print the JSON Schema of the supervisor configuration file (for editors).")
public final class SchemaCommand implements Callable<Integer> {

  private final CliContext context;

  public SchemaCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().print(ConfigFile.schema());
    return 0;
  }
}
