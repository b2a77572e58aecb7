package io.svc4j.cli;

import io.svc4j.manager.ManagerProvider;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceManager;
import io.svc4j.runtime.HostEnvironment;
import io.svc4j.supervisor.control.ControlPaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * What every subcommand needs from outside: where managers come from, where a supervised service's
 * control socket is, and where output goes. Tests pass a fake manager and a socket of their own;
 * production uses the backend detected for this machine and {@link ControlPaths#forService}.
 *
 * @param controlTimeout how long a supervisor has to answer a {@code status} on its control socket
 *     before the CLI says it does not answer
 */
public record CliContext(
    Function<Scope, ServiceManager> managers,
    Function<String, Path> controlSockets,
    PrintWriter out,
    PrintWriter err,
    Duration controlTimeout) {

  /** A supervisor answers {@code status} at once (it reads a snapshot); 5 s means it is stuck. */
  public static final Duration DEFAULT_CONTROL_TIMEOUT = Duration.ofSeconds(5);

  public CliContext(
      Function<Scope, ServiceManager> managers,
      Function<String, Path> controlSockets,
      PrintWriter out,
      PrintWriter err) {
    this(managers, controlSockets, out, err, DEFAULT_CONTROL_TIMEOUT);
  }

  public CliContext(Function<Scope, ServiceManager> managers, PrintWriter out, PrintWriter err) {
    this(managers, ControlPaths::forService, out, err);
  }

  public static CliContext system() {
    return new CliContext(
        scope -> ManagerProvider.forHost(HostEnvironment.current(), scope),
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true));
  }

  public ServiceManager manager(boolean userScope) {
    return managers.apply(userScope ? Scope.USER : Scope.SYSTEM);
  }
}
