package io.svc4j.registry.client;

import io.svc4j.registry.api.Status;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.service.ServiceState;
import java.time.Duration;

/**
 * Registers the hosted service while it runs: RUNNING → register and send UP; PAUSED → PAUSED;
 * STOPPING → DRAINING at once (before the service drains, so consumers stop sending it work);
 * STOPPED or FAILED → deregister. Never blocks the lifecycle except for the final deregistration,
 * bounded by {@link #DEREGISTER_TIMEOUT}.
 */
public final class RegistryListener implements LifecycleListener {

  /** How long the host's exit waits for the registry to confirm the deregistration. */
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
      case STOPPING -> agent.status(Status.DRAINING);
      case STOPPED, FAILED -> agent.stop(DEREGISTER_TIMEOUT);
      default -> {}
    }
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
