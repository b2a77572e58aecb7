package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.control.ChildControl;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "pause",
    description = {
      "Pause a service that supports it.",
      "A supervised service pauses its child: every process of the child's tree is stopped"
          + " (SIGSTOP) through the supervisor's control channel, until resume (not with a health"
          + " check or a watchdog). A --direct service: Windows SCM services that accept pause;"
          + " systemd has no pause control."
    })
final class PauseCommand extends ControlCommand {
  PauseCommand(CliContext context) {
    super(context);
  }

  @Override
  Integer onChild(CliContext context, Supplier<ServiceManager> manager) {
    ChildControl child = ChildControl.find(context, name);
    return child == null ? null : child.pause(timeout);
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
