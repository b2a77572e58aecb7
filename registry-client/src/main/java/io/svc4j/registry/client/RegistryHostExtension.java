package io.svc4j.registry.client;

import io.svc4j.runtime.HostExtension;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.service.ReportsFigures;
import io.svc4j.service.Service;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registers every hosted service of this process when {@code SVC4J_REGISTRY_URL} is set (found by
 * the host through ServiceLoader: adding this jar and the variable is all an application needs).
 * Each variable can also be given as a system property, {@code SVC4J_REGISTRY_URL} as {@code
 * -Dsvc4j.registry.url=...}, for service managers that do not pass a service its own environment
 * (Wine's SCM); a property wins over the variable.
 */
public final class RegistryHostExtension implements HostExtension {

  @Override
  public Optional<LifecycleListener> attach(HostOptions options, Service service) {
    return AgentSettings.fromEnvironment(
            settings(System.getenv(), System.getProperties()), options.name())
        .map(
            s ->
                new RegistryListener(
                    service instanceof ReportsFigures own
                        ? new RegistryAgent(s, own::figures)
                        : new RegistryAgent(s)));
  }

  /**
   * A registry listener given to the host (a supervisor's registry: section) wins over variables.
   */
  @Override
  public boolean yieldsTo(LifecycleListener listener) {
    return listener instanceof RegistryListener;
  }

  static Map<String, String> settings(Map<String, String> env, java.util.Properties properties) {
    Map<String, String> merged = new HashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("SVC4J_REGISTRY_")) {
            merged.put(k, v);
          }
        });
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("svc4j.registry.")) {
        merged.put(name.toUpperCase(Locale.ROOT).replace('.', '_'), properties.getProperty(name));
      }
    }
    return merged;
  }
}
