package io.svc4j.runtime;

import java.util.Optional;

/**
 * Found through {@link java.util.ServiceLoader}: each backend (systemd, Windows, launchd) says
 * whether this process was started by its service manager. The console platform is the fallback
 * when none does.
 */
public interface PlatformProvider {

  /** Among providers that detect their platform, the highest priority wins. */
  default int priority() {
    return 0;
  }

  /** Returns the platform if this process runs under it. Must be cheap and side-effect free. */
  Optional<Platform> detect(HostEnvironment environment);
}
