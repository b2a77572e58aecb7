package io.svc4j.runtime;

import io.svc4j.service.Service;
import java.util.Optional;

/**
 * Something that rides along with every hosted service of this process, found with {@link
 * java.util.ServiceLoader} when {@link ServiceHost#run} starts a service (the registry client is
 * one: it registers the service when it is RUNNING). An extension that has nothing to do for this
 * service (not configured) returns empty; its listener must not block the lifecycle.
 */
public interface HostExtension {

  /**
   * A listener for this service's lifecycle, or empty when this extension stays out. Throws
   * IllegalArgumentException with one line when its configuration is wrong: the service does not
   * start.
   */
  Optional<LifecycleListener> attach(HostOptions options, Service service);

  /**
   * Whether this extension stays out because the caller of {@link ServiceHost#run} already gave
   * {@code listener}, which does its job from a more specific source (the registry client yields to
   * a registry listener built from a supervisor's {@code registry:} section).
   */
  default boolean yieldsTo(LifecycleListener listener) {
    return false;
  }
}
