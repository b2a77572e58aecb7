package io.svc4j.supervisor.registry;

import io.svc4j.registry.client.AgentSettings;
import io.svc4j.registry.client.RegistryAgent;
import io.svc4j.registry.client.RegistryListener;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.service.ReportsFigures;
import io.svc4j.supervisor.config.RegistrySettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.net.URI;
import java.util.Optional;

/**
 * The {@code registry:} section at work: a listener on the supervisor's host lifecycle that keeps
 * the child registered. The host is RUNNING once the child is ready (UP), STOPPING before the
 * supervisor stops the child (DRAINING goes out first), STOPPED once the child is gone
 * (deregistered); heartbeats carry the child tree's figures and its state while it restarts, from
 * {@link ReportsFigures}. Given to the host explicitly, it takes the place of the {@code
 * SVC4J_REGISTRY_*} variables.
 */
public final class SupervisedRegistry {

  private SupervisedRegistry() {}

  /**
   * The listeners for {@code config}: none without a {@code registry:} section. Reads the token
   * file; throws IllegalArgumentException with one line when it cannot.
   */
  public static LifecycleListener[] listeners(SupervisorConfig config, ReportsFigures child) {
    RegistrySettings r = config.registry();
    if (r == null) {
      return new LifecycleListener[0];
    }
    Optional<String> token =
        Optional.ofNullable(r.tokenFile()).map(f -> AgentSettings.readToken(f.toString()));
    AgentSettings settings =
        AgentSettings.of(
            URI.create(r.url()),
            token,
            r.service() != null ? r.service() : config.name(),
            Optional.ofNullable(r.instance()),
            r.registration());
    return new LifecycleListener[] {
      new RegistryListener(new RegistryAgent(settings, child::figures))
    };
  }
}
