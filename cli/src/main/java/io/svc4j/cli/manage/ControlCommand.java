package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Durations;
import io.svc4j.cli.StatusPrinter;
import io.svc4j.manager.ServiceManager;
import io.svc4j.manager.ServiceNames;
import io.svc4j.manager.ServiceStatus;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The verbs that act on one installed service and wait for the outcome: start, stop, restart,
 * pause, resume, uninstall. Subclasses only say which manager call they make.
 */
abstract class ControlCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "NAME", description = "Service name.")
  String name;

  @Option(
      names = "--timeout",
      description = "How long to wait for the outcome (default 60s).",
      converter = Durations.class)
  Duration timeout = Duration.ofSeconds(60);

  @Option(names = "--no-wait", description = "Return as soon as the request was made.")
  boolean noWait;

  @Option(names = "--user-unit", description = "The service is a systemd --user unit.")
  boolean userUnit;

  ControlCommand(CliContext context) {
    this.context = context;
  }

  /**
   * Acts on the supervised child only, through the supervisor's control channel, when this verb and
   * its options ask for that; returns the exit code, or null to go through the manager. The manager
   * is asked for only when needed: a supervisor that answers is enough, also where no service
   * manager runs (a container, `svc4j run` in the foreground).
   */
  Integer onChild(CliContext context, Supplier<ServiceManager> manager) {
    return null;
  }

  /** Performs the verb; returns the status afterwards, or null if there is none to show. */
  abstract ServiceStatus act(ServiceManager manager, String name, Duration wait);

  /** Past tense for the confirmation line: "Started". */
  abstract String done();

  @Override
  public Integer call() {
    ServiceNames.requireValid(name);
    Integer child = onChild(context, () -> context.manager(userUnit));
    if (child != null) {
      return child;
    }
    ServiceStatus status = act(context.manager(userUnit), name, noWait ? Duration.ZERO : timeout);
    context
        .out()
        .println(
            done() + " " + name + (status == null ? "" : ": " + StatusPrinter.oneLine(status)));
    return 0;
  }
}
