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
    name = "stop",
    description = "Stop a service gracefully and wait until it has stopped.")
final class StopCommand extends ControlCommand {

  @Option(
      names = "--child",
      description =
          "Stop only the supervised child (its whole process tree); the service and its"
              + " supervisor stay active. With restart mode unless-stopped the stop is remembered.")
  boolean child;

  StopCommand(CliContext context) {
    super(context);
  }

  @Override
  Integer onChild(CliContext context, Supplier<ServiceManager> manager) {
    return child
        ? ChildControl.require(context, manager, name, SupervisorCommand.STOP).stop(timeout)
        : null;
  }

  @Override
  ServiceStatus act(ServiceManager manager, String name, Duration wait) {
    return manager.stop(name, wait);
  }

  @Override
  String done() {
    return "Stopped";
  }
}
