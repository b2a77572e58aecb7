package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "uninstall",
    description = "Stop, disable and remove a service.")
final class UninstallCommand extends ControlCommand {
  UninstallCommand(CliContext context) {
    super(context);
  }

  @Override
  ServiceStatus act(ServiceManager manager, String name, Duration wait) {
    manager.uninstall(name, wait);
    return null;
  }

  @Override
  String done() {
    return "Uninstalled";
  }
}
