package io.svc4j.runtime;

import java.util.Optional;
import java.util.ServiceLoader;

/** Picks the platform this process runs under. */
public final class Platforms {

  private Platforms() {}

  public static Platform detect(HostEnvironment environment) {
    return detect(environment, ServiceLoader.load(PlatformProvider.class));
  }

  static Platform detect(HostEnvironment environment, Iterable<PlatformProvider> providers) {
    Platform best = null;
    int bestPriority = Integer.MIN_VALUE;
    for (PlatformProvider provider : providers) {
      Optional<Platform> platform = provider.detect(environment);
      if (platform.isPresent() && provider.priority() > bestPriority) {
        best = platform.get();
        bestPriority = provider.priority();
      }
    }
    return best != null ? best : new ConsolePlatform();
  }
}
