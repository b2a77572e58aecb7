package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "reload",
    description = {
      "Ask a running service to re-read its configuration.",
      "systemd: systemctl reload (SIGHUP to an svc4j application, or to the supervisor, which"
          + " forwards it to the child); Windows: SERVICE_CONTROL_PARAMCHANGE."
    })
final class ReloadCommand extends ControlCommand {
  ReloadCommand(CliContext context) {
    super(context);
  }

  @Override
  ServiceStatus act(ServiceManager manager, String name, Duration wait) {
    return manager.reload(name, wait);
  }

  @Override
  String done() {
    return "Reloaded";
  }
}
