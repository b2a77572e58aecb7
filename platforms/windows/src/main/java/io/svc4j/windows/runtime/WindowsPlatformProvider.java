package io.svc4j.windows.runtime;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.Platform;
import io.svc4j.runtime.PlatformProvider;
import io.svc4j.runtime.ServiceController;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Offers {@link WindowsPlatform} on Windows. Whether the SCM really started the process is only
 * known once StartServiceCtrlDispatcher runs; in a console the platform behaves like the console
 * one.
 *
 * <p>PRESHUTDOWN is accepted when the system property {@value #PRESHUTDOWN_PROPERTY} is true; the
 * manager sets it on the command line of Java services installed with a preshutdown timeout.
 *
 * <p>The start timeout is the system property {@value #START_TIMEOUT_PROPERTY} (milliseconds, 0: no
 * limit), which the manager sets from the definition's start timeout ({@code svc4j install
 * --start-timeout}); without it, {@link WindowsPlatform#DEFAULT_START_TIMEOUT}.
 */
public final class WindowsPlatformProvider implements PlatformProvider {

  public static final String PRESHUTDOWN_PROPERTY = "svc4j.windows.preshutdown";

  public static final String START_TIMEOUT_PROPERTY = "svc4j.windows.start-timeout-ms";

  @Override
  public int priority() {
    return 100;
  }

  /** The start timeout from {@value #START_TIMEOUT_PROPERTY}; a bad value is the default. */
  static Duration startTimeout() {
    String value = System.getProperty(START_TIMEOUT_PROPERTY);
    if (value == null) {
      return WindowsPlatform.DEFAULT_START_TIMEOUT;
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis >= 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // falls through to the default, said once below
    }
    LoggerFactory.getLogger(WindowsPlatformProvider.class)
        .warn(
            "Ignoring -D{}={}: not a number of milliseconds; the start timeout is {}",
            START_TIMEOUT_PROPERTY,
            value,
            ServiceController.seconds(WindowsPlatform.DEFAULT_START_TIMEOUT));
    return WindowsPlatform.DEFAULT_START_TIMEOUT;
  }

  @Override
  public Optional<Platform> detect(HostEnvironment environment) {
    if (!environment.isWindows()) {
      return Optional.empty();
    }
    return Optional.of(
        new WindowsPlatform(Boolean.getBoolean(PRESHUTDOWN_PROPERTY), startTimeout()));
  }
}
