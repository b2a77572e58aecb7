package io.svc4j.systemd.runtime;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.Platform;
import io.svc4j.runtime.PlatformProvider;
import java.util.Optional;

/**
 * Detects systemd: it sets {@code NOTIFY_SOCKET} for Type=notify units and {@code INVOCATION_ID}
 * for every unit it starts. Either one means systemd is our manager.
 */
public final class SystemdPlatformProvider implements PlatformProvider {

  /** Above the console fallback; a future launchd or SCM provider never detects on Linux anyway. */
  static final int PRIORITY = 10;

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public Optional<Platform> detect(HostEnvironment environment) {
    if (environment.isWindows()) {
      return Optional.empty();
    }
    if (environment.variable("NOTIFY_SOCKET").isEmpty()
        && environment.variable("INVOCATION_ID").isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SystemdPlatform(environment));
  }
}
