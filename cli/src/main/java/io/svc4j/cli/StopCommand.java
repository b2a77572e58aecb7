package io.svc4j.cli;

import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "stop",
    description = "Stop a service gracefully and wait until it has stopped.")
final class StopCommand extends ControlCommand {
  StopCommand(CliContext context) {
    super(context);
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
