package io.svc4j.cli;

import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "restart",
    description = "Restart a service and wait until it runs again.")
final class RestartCommand extends ControlCommand {
  RestartCommand(CliContext context) {
    super(context);
  }

  @Override
  ServiceStatus act(ServiceManager manager, String name, Duration wait) {
    return manager.restart(name, wait);
  }

  @Override
  String done() {
    return "Restarted";
  }
}
