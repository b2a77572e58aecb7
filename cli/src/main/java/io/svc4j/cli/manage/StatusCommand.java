package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.StatusPrinter;
import io.svc4j.cli.control.SupervisorStatus;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceNames;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.control.ControlProtocol;
import io.svc4j.supervisor.control.SupervisedStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description =
        "Show a service's state. Exit code: 0 running, 3 not running, 4 not installed, 1 the"
            + " supervisor of a supervised service does not answer.")
final class StatusCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "NAME", description = "Service name.")
  String name;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(names = "--user-unit", description = "The service is a systemd --user unit.")
  boolean userUnit;

  StatusCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ServiceNames.requireValid(name);
    ServiceManager manager = context.manager(userUnit);
    ServiceStatus status = manager.status(name);
    SupervisedStatus live = SupervisorStatus.query(context, name);
    if (json) {
      var node = StatusPrinter.json(status, manager.name());
      if (live != null) {
        node.set("supervisor", ControlProtocol.JSON.valueToTree(live));
      }
      context.out().println(StatusPrinter.toJson(node));
    } else {
      context.out().print(StatusPrinter.block(status, manager.name()));
      if (live != null) {
        context.out().print(SupervisorStatus.block(live));
      }
    }
    return status.state().statusExitCode();
  }
}
