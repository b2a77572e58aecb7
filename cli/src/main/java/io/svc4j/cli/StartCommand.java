package io.svc4j.cli;

import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "start",
    description = "Start a service and wait until it runs.")
final class StartCommand extends ControlCommand {
  StartCommand(CliContext context) {
    super(context);
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
