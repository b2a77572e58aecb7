package io.svc4j.cli.manage;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.control.SupervisorChannel;
import io.svc4j.manager.ServiceNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code svc4j metrics NAME}: a supervised service's Prometheus metrics, from its supervisor. */
@Command(
    mixinStandardHelpOptions = true,
    name = "metrics",
    description =
        "Print a supervised service's metrics (Prometheus text format), asked from its supervisor"
            + " over the control channel.")
public final class MetricsCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "NAME", description = "Service name.")
  String name;

  public MetricsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ServiceNames.requireValid(name);
    SupervisorChannel channel = SupervisorChannel.find(context, name);
    if (channel == null) {
      throw new IllegalStateException(
          "no supervisor of "
              + name
              + " answers: metrics come from a running supervised service (svc4j run);"
              + " an embedded service serves its own with SVC4J_METRICS_PORT (see docs/metrics.md)");
    }
    context.out().print(channel.metrics());
    context.out().flush();
    return 0;
  }
}
