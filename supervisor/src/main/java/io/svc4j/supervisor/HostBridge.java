package io.svc4j.supervisor;

import io.svc4j.service.ServiceContext;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.SupervisorListener;

/** Mirrors the child's fate into the hosting service's context (status line, fail, stop). */
final class HostBridge implements SupervisorListener {
  private final ServiceContext context;
  private final Supervisor supervisor;
  // Until start() returned, start() itself reports a child that never came up.
  volatile boolean started;

  HostBridge(ServiceContext context, Supervisor supervisor) {
    this.context = context;
    this.supervisor = supervisor;
  }

  @Override
  public void stateChanged(ChildState from, ChildState to, String why) {
    context.status(supervisor.status().summary());
    if (!started) {
      return;
    }
    if (to == ChildState.FATAL || (to == ChildState.EXITED && supervisor.endedFailed())) {
      context.fail(
          new Supervisor.ChildFailedException(supervisor.config().name() + " " + to + ": " + why));
    } else if (to == ChildState.EXITED) {
      context.requestStop(); // ended cleanly and will not be restarted: so does the service
    }
  }

  @Override
  public void childStatus(String text) {
    context.status(supervisor.status().summary());
  }
}
