package io.svc4j.registry.client;

import io.svc4j.registry.api.Status;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.runtime.StatusNotes;
import io.svc4j.service.ServiceState;
import java.time.Duration;

/**
 * Registers the hosted service while it runs: RUNNING → register and send UP; PAUSED → PAUSED;
 * STOPPING → DRAINING at once, and the stop goes on once the registry has it (so consumers stop
 * sending work before the service drains or a supervisor stops its child); STOPPED or FAILED →
 * deregister. Blocks the lifecycle only for these two, each bounded by {@link #DEREGISTER_TIMEOUT},
 * and not at all while the registry is away.
 */
public final class RegistryListener implements LifecycleListener {

  /**
   * How long a stop waits for the registry to confirm DRAINING, and the exit the deregistration.
   */
  public static final Duration DEREGISTER_TIMEOUT = Duration.ofSeconds(2);

  private final RegistryAgent agent;

  public RegistryListener(RegistryAgent agent) {
    this.agent = agent;
  }

  public RegistryListener(AgentSettings settings) {
    this(new RegistryAgent(settings));
  }

  public RegistryAgent agent() {
    return agent;
  }

  @Override
  public void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
    switch (to) {
      case RUNNING -> {
        agent.status(Status.UP);
        agent.start();
      }
      case PAUSED -> agent.status("PAUSED");
      case STOPPING -> agent.statusAndWait(Status.DRAINING, DEREGISTER_TIMEOUT);
      case STOPPED, FAILED -> agent.stop(DEREGISTER_TIMEOUT);
      default -> {}
    }
  }

  /** A lost registry shows in the service's status line until it answers again. */
  @Override
  public void attached(StatusNotes notes) {
    agent.onTrouble(note -> notes.note("registry", note));
  }

  @Override
  public void statusChanged(String text) {
    agent.text(text);
  }

  @Override
  public String toString() {
    return agent.describe();
  }
}
