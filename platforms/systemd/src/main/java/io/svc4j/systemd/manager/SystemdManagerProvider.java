package io.svc4j.systemd.manager;

import io.svc4j.manager.ManagerProvider;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceManager;
import io.svc4j.runtime.HostEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Offers the systemd manager on Linux when systemctl is installed. It does not require systemd to
 * be running: planning a unit (--dry-run) works anywhere, and every other call reports clearly that
 * systemd is not running.
 */
public final class SystemdManagerProvider implements ManagerProvider {

  @Override
  public Optional<ServiceManager> detect(HostEnvironment environment, Scope scope) {
    if (!environment.osName().toLowerCase(Locale.ROOT).startsWith("linux")
        || !hasSystemctl(environment)) {
      return Optional.empty();
    }
    return Optional.of(SystemdManager.forScope(scope, environment));
  }

  static boolean hasSystemctl(HostEnvironment environment) {
    String path = environment.variable("PATH").orElse("/usr/bin:/bin");
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        Path candidate = Path.of(directory, "systemctl");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return true;
        }
      }
    }
    return false;
  }
}
