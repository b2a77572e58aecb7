package io.svc4j.manager;

import io.svc4j.runtime.HostEnvironment;
import java.util.Optional;
import java.util.ServiceLoader;

/** Found through {@link ServiceLoader}: a backend offers its manager where it is available. */
public interface ManagerProvider {

  /** The manager for this machine and scope, if this backend applies here. */
  Optional<ServiceManager> detect(HostEnvironment environment, Scope scope);

  /** The manager of the first backend that applies, or a clear error. */
  static ServiceManager forHost(HostEnvironment environment, Scope scope) {
    for (ManagerProvider provider : ServiceLoader.load(ManagerProvider.class)) {
      Optional<ServiceManager> manager = provider.detect(environment, scope);
      if (manager.isPresent()) {
        return manager.get();
      }
    }
    throw new ManagerException(
        "no supported service manager found on this machine ("
            + environment.osName()
            + "): svc4j supports systemd on Linux; Windows and launchd backends are not on the"
            + " class path");
  }
}
