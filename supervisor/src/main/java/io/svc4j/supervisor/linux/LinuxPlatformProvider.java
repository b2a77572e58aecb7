package io.svc4j.supervisor.linux;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.os.ChildPlatform;
import io.svc4j.supervisor.os.ChildPlatformProvider;

/** Registers {@link LinuxChildPlatform} for every host that is not Windows. */
public final class LinuxPlatformProvider implements ChildPlatformProvider {

  @Override
  public boolean supports(HostEnvironment host) {
    return !host.isWindows();
  }

  @Override
  public ChildPlatform create(SupervisorConfig config) {
    return LinuxChildPlatform.create(config);
  }
}
