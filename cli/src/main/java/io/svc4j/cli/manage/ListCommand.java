package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.StatusPrinter;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "list",
    description = "List the services installed by svc4j.")
public final class ListCommand implements Callable<Integer> {

  private final CliContext context;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(names = "--user-unit", description = "List systemd --user units.")
  boolean userUnit;

  public ListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ServiceManager manager = context.manager(userUnit);
    List<ServiceStatus> services = manager.list();
    if (json) {
      var array = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
      services.forEach(s -> array.add(StatusPrinter.json(s, manager.name())));
      context.out().println(StatusPrinter.toJson(array));
    } else if (services.isEmpty()) {
      context.out().println("No services installed by svc4j (" + manager.name() + ").");
    } else {
      for (ServiceStatus s : services) {
        context.out().printf("%-30s %s%n", s.name(), StatusPrinter.oneLine(s));
      }
    }
    return 0;
  }
}
