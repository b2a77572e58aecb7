package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.control.ChildControl;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "start",
    description = "Start a service and wait until it runs.")
final class StartCommand extends ControlCommand {

  @Option(
      names = "--child",
      description =
          "Start only the supervised child of an active service (after 'stop --child', or after"
              + " it ended) and wait until it is RUNNING.")
  boolean child;

  StartCommand(CliContext context) {
    super(context);
  }

  @Override
  Integer onChild(CliContext context, Supplier<ServiceManager> manager) {
    return child
        ? ChildControl.require(context, manager, name, SupervisorCommand.START)
            .start(timeout, noWait)
        : null;
  }

  @Override
  ServiceStatus act(ServiceManager manager, String name, Duration wait) {
    return manager.start(name, wait);
  }

  @Override
  String done() {
    return "Started";
  }
}
