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
    name = "resume",
    aliases = "continue",
    description = {
      "Continue a paused service (alias: continue).",
      "A supervised service continues its paused child (SIGCONT) through the supervisor's"
          + " control channel; a --direct service: the Windows SCM's continue."
    })
final class ResumeCommand extends ControlCommand {
  ResumeCommand(CliContext context) {
    super(context);
  }

  @Override
  Integer onChild(CliContext context, Supplier<ServiceManager> manager) {
    ChildControl child = ChildControl.find(context, name);
    return child == null ? null : child.resume(timeout);
  }

  @Override
  ServiceStatus act(ServiceManager manager, String name, Duration wait) {
    return manager.resume(name, wait);
  }

  @Override
  String done() {
    return "Resumed";
  }
}
