package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.control.ChildControl;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    mixinStandardHelpOptions = true,
    name = "restart",
    description = {
      "Restart a service and wait until it runs again.",
      "A supervised service restarts only its child, through the supervisor's control channel"
          + " (the supervisor and its log files stay); --service restarts the whole service."
    })
final class RestartCommand extends ControlCommand {

  @Option(
      names = "--service",
      description =
          "Restart the whole service through the service manager, supervisor included (the"
              + " default for a --direct service or one whose supervisor does not answer).")
  boolean wholeService;

  RestartCommand(CliContext context) {
    super(context);
  }

  @Override
  Integer onChild(CliContext context, Supplier<ServiceManager> manager) {
    if (wholeService) {
      return null;
    }
    ChildControl child = ChildControl.find(context, name);
    return child == null ? null : child.restart(timeout, noWait);
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
