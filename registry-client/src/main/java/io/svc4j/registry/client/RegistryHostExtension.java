package io.svc4j.registry.client;

import io.svc4j.runtime.HostExtension;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.LifecycleListener;
import java.util.Optional;

/**
 * Registers every hosted service of this process when {@code SVC4J_REGISTRY_URL} is set (found by
 * the host through ServiceLoader: adding this jar and the variable is all an application needs).
 */
public final class RegistryHostExtension implements HostExtension {

  @Override
  public Optional<LifecycleListener> attach(HostOptions options) {
    return AgentSettings.fromEnvironment(System.getenv(), options.name())
        .map(RegistryListener::new);
  }
}
