package io.svc4j.cli.install;

import io.svc4j.manager.ServiceDefinition;
import io.svc4j.systemd.unit.ListenAddress;
import io.svc4j.systemd.unit.SystemdOptions;
import io.svc4j.systemd.unit.UnitReload;
import java.util.List;

/** Maps CLI flags onto each backend's typed options; a backend ignores the others' options. */
final class PlatformOptionsFactory {
  private PlatformOptionsFactory() {}

  /**
   * @param reload how the service's main process reloads; null: it cannot
   * @param socket a listening socket systemd holds for the service; null: none
   */
  static void systemd(
      ServiceDefinition.Builder builder,
      boolean noHardening,
      List<String> directives,
      UnitReload reload,
      ListenAddress socket) {
    SystemdOptions.Builder options =
        SystemdOptions.builder().hardening(!noHardening).reload(reload).socket(socket);
    directives.forEach(options::extra);
    builder.platformOptions(options.build());
  }
}
