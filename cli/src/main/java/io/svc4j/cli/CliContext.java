package io.svc4j.cli;

import io.svc4j.manager.ManagerProvider;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceManager;
import io.svc4j.runtime.HostEnvironment;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * What every subcommand needs from outside: where managers come from and where output goes. Tests
 * pass a fake manager; production uses the backend detected for this machine.
 */
public record CliContext(
    Function<Scope, ServiceManager> managers, PrintWriter out, PrintWriter err) {

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
