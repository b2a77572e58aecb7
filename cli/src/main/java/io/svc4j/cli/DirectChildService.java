package io.svc4j.cli;

import io.svc4j.manager.ManagerException;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code svc4j run -- COMMAND}: hosts one child program with inherited stdio. Ready once started;
 * stop sends SIGTERM and, if the child is still there at 90% of the stop deadline, kills it. The
 * child exiting on its own fails the service so the outer manager's restart policy applies.
 *
 * <p>This is the minimal direct mode; the supervisor (restart policies, health checks, log
 * rotation, process-tree kill) replaces it for supervised services.
 */
final class DirectChildService implements Service {

  private final List<String> command;
  private volatile Process process;
  private volatile boolean stopping;

  DirectChildService(List<String> command) {
    if (command.isEmpty()) {
      throw new ManagerException("no command to run: add -- COMMAND [ARGS...]");
    }
    this.command = List.copyOf(command);
  }

  @Override
  public void start(ServiceContext context) throws Exception {
    process = new ProcessBuilder(command).inheritIO().start();
    context.status("running " + command.get(0) + " (pid " + process.pid() + ")");
    process
        .onExit()
        .thenAccept(
            p -> {
              if (!stopping) {
                context.fail(
                    new IllegalStateException(
                        command.get(0) + " exited on its own with code " + p.exitValue()));
              }
            });
  }

  @Override
  public void stop(ServiceContext context) throws Exception {
    stopping = true;
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    Duration grace = context.stopDeadline().multipliedBy(9).dividedBy(10);
    if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  @Override
  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }
}
