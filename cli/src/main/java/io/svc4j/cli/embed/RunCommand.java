package io.svc4j.cli.embed;

import io.svc4j.cli.Durations;
import io.svc4j.cli.UsageException;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.runtime.ServiceHost;
import io.svc4j.service.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a service in the foreground under the platform this process was started by (console,
 * systemd, SCM). Installed services run exactly this.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    description = "Run the service in the foreground (what an installed service runs).")
final class RunCommand implements Callable<Integer> {

  /** Builds the service to host from the remaining arguments and the service name. */
  interface Target {
    Service create(String name, List<String> args) throws Exception;
  }

  private final Target target;
  private final String defaultName;
  private final Supplier<List<LifecycleListener>> listeners;

  @Option(
      names = "--name",
      description = "Service name for logs and status (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--stop-timeout",
      description = "Deadline for a graceful stop (default 30s).",
      converter = Durations.class)
  Duration stopTimeout = HostOptions.DEFAULT_STOP_DEADLINE;

  @Parameters(paramLabel = "ARGS", description = "Arguments for the service (after --).")
  List<String> args = new ArrayList<>();

  RunCommand(Target target, String defaultName) {
    this(target, defaultName, List::of);
  }

  /** With {@code listeners}, made for each run, hearing the service's lifecycle (a registry). */
  RunCommand(Target target, String defaultName, Supplier<List<LifecycleListener>> listeners) {
    this.target = target;
    this.defaultName = defaultName;
    this.listeners = listeners;
  }

  @Override
  public Integer call() throws Exception {
    return run(target, name != null ? name : defaultName, stopTimeout, args, listeners);
  }

  /** What {@link #call} does with parsed values (also {@link RunFastPath}'s, without picocli). */
  static int run(
      Target target,
      String serviceName,
      Duration stopTimeout,
      List<String> args,
      Supplier<List<LifecycleListener>> listeners)
      throws Exception {
    if (serviceName == null) {
      throw new UsageException("missing required option --name=NAME");
    }
    Service service;
    try {
      service = target.create(serviceName, args);
    } catch (RuntimeException e) {
      // instanceof, not a catch clause: a catch of picocli's type would have the verifier load
      // picocli at every start (hello-http's StartPathTest); a failed start may load it.
      if (e instanceof IllegalArgumentException
          || e instanceof picocli.CommandLine.ParameterException) {
        throw new UsageException(e.getMessage());
      }
      throw e;
    }
    return ServiceHost.run(
        service,
        HostOptions.named(serviceName).withStopDeadline(stopTimeout),
        listeners.get().toArray(LifecycleListener[]::new));
  }
}
