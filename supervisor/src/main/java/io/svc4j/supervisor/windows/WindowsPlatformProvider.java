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
    // Windows has no LISTEN_FDS; handing a socket over (WSADuplicateSocket) is not implemented.
    if (!config.sockets().isEmpty()) {
      throw new io.svc4j.supervisor.config.ConfigException(
          "sockets",
          "is not supported on Windows (docs/sockets.md, Windows); remove it and let the program"
              + " listen itself");
    }
    return WindowsChildPlatform.create(config);
  }
}
