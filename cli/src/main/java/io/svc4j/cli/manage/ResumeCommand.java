package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import picocli.CommandLine.Command;

@Command(
    mixinStandardHelpOptions = true,
    name = "resume",
    aliases = "continue",
    description = "Continue a paused service (alias: continue).")
final class ResumeCommand extends ControlCommand {
  ResumeCommand(CliContext context) {
    super(context);
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
