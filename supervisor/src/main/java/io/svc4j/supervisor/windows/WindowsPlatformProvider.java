package io.svc4j.supervisor.windows;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.ChildPlatformProvider;

/** Registers {@link WindowsChildPlatform} for Windows hosts. */
public final class WindowsPlatformProvider implements ChildPlatformProvider {

  @Override
  public boolean supports(HostEnvironment host) {
    return host.isWindows();
  }

  @Override
  public ChildPlatform create(SupervisorConfig config) {
    return WindowsChildPlatform.create(config);
  }
}
