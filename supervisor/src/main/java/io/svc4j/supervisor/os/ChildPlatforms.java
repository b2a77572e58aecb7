package io.svc4j.supervisor.os;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.util.ServiceLoader;

/** Picks the {@link ChildPlatform} of this host among those registered with ServiceLoader. */
public final class ChildPlatforms {

  private ChildPlatforms() {}

  /** The platform of this host for {@code config}; see {@link ChildPlatformProvider#create}. */
  public static ChildPlatform forThisHost(SupervisorConfig config) {
    return provider(HostEnvironment.current()).create(config);
  }

  static ChildPlatformProvider provider(HostEnvironment host) {
    // This module's class loader, not the thread's: a service thread the OS started may have none.
    for (ChildPlatformProvider p :
        ServiceLoader.load(
            ChildPlatformProvider.class, ChildPlatformProvider.class.getClassLoader())) {
      if (p.supports(host)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no svc4j child platform supports " + host.osName() + " (svc4j-supervisor incomplete?)");
  }
}
