package io.svc4j.service;

/**
 * A service that can re-read its configuration in place (SIGHUP, systemd reload, SCM PARAMCHANGE).
 */
public interface Reloadable {
  void reload(ServiceContext context) throws Exception;

  /**
   * Whether reload works in this process. A service whose reload depends on how it was configured
   * or where it runs (the supervisor cannot forward a signal on Windows) says no here; the platform
   * then does not offer reload (no PARAMCHANGE on Windows, SIGHUP is ignored with one log line).
   */
  default boolean canReload() {
    return true;
  }
}
