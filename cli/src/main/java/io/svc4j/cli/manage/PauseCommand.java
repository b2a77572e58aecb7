package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "pause",
    description = "Pause a service that supports it (Windows).")
final class PauseCommand extends ControlCommand {
  PauseCommand(CliContext context) {
    super(context);
  }

  @Override
  ServiceStatus act(ServiceManager manager, String name, Duration wait) {
    return manager.pause(name, wait);
  }

  @Override
  String done() {
    return "Paused";
  }
}
