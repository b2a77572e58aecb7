package io.svc4j.cli.install;

import io.svc4j.manager.ServiceDefinition;
import io.svc4j.systemd.unit.SystemdOptions;
import io.svc4j.systemd.unit.UnitReload;
import java.util.List;

/** Maps CLI flags onto each backend's typed options; a backend ignores the others' options. */
final class PlatformOptionsFactory {
  private PlatformOptionsFactory() {}

  /**
   * @param reload how the service's main process reloads; null: it cannot
   */
  static void systemd(
      ServiceDefinition.Builder builder,
      boolean noHardening,
      List<String> directives,
      UnitReload reload) {
    SystemdOptions.Builder options =
        SystemdOptions.builder().hardening(!noHardening).reload(reload);
    directives.forEach(options::extra);
    builder.platformOptions(options.build());
  }
}
