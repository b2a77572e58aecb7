package io.svc4j.cli;

import io.svc4j.manager.ServiceDefinition;
import io.svc4j.systemd.unit.SystemdOptions;
import java.util.List;

/** Maps CLI flags onto each backend's typed options; a backend ignores the others' options. */
final class PlatformOptionsFactory {
  private PlatformOptionsFactory() {}

  static void systemd(
      ServiceDefinition.Builder builder, boolean noHardening, List<String> directives) {
    SystemdOptions.Builder options = SystemdOptions.builder().hardening(!noHardening);
    directives.forEach(options::extra);
    builder.platformOptions(options.build());
  }
}
