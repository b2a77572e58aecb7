package io.svc4j.cli;

import io.svc4j.manager.ServiceDefinition;

/** Maps CLI flags onto each backend's typed options. */
final class PlatformOptionsFactory {
  private PlatformOptionsFactory() {}

  static void apply(ServiceDefinition.Builder builder, boolean noHardening) {
    // wired to SystemdOptions once the systemd unit model lands
  }
}
