package io.svc4j.windows.runtime;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.Platform;
import io.svc4j.runtime.PlatformProvider;
import java.util.Optional;

/**
 * Offers {@link WindowsPlatform} on Windows. Whether the SCM really started the process is only
 * known once StartServiceCtrlDispatcher runs; in a console the platform behaves like the console
 * one.
 *
 * <p>PRESHUTDOWN is accepted when the system property {@value #PRESHUTDOWN_PROPERTY} is true; the
 * manager sets it on the command line of Java services installed with a preshutdown timeout.
 */
public final class WindowsPlatformProvider implements PlatformProvider {

  public static final String PRESHUTDOWN_PROPERTY = "svc4j.windows.preshutdown";

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Optional<Platform> detect(HostEnvironment environment) {
    if (!environment.isWindows()) {
      return Optional.empty();
    }
    return Optional.of(new WindowsPlatform(Boolean.getBoolean(PRESHUTDOWN_PROPERTY)));
  }
}
