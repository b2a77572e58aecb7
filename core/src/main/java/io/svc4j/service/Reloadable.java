package io.svc4j.service;

/**
 * A service that can re-read its configuration in place (SIGHUP, systemd reload, SCM PARAMCHANGE).
 */
public interface Reloadable {
  void reload(ServiceContext context) throws Exception;

  /**
   * A reload asked for because a file named in {@code HostOptions.withReloadOnChange} changed,
   * rather than by an operator (SIGHUP, {@code systemctl reload}, PARAMCHANGE). By default the same
   * as {@link #reload}. A service for which an operator's reload does more than re-reading those
   * files overrides it: the supervisor re-reads its configuration file here and, unlike an
   * operator's reload, never goes on to signal its child (a save that an operator's reload had
   * already applied must not reach the child as a second reload).
   */
  default void reloadForChangedFiles(ServiceContext context) throws Exception {
    reload(context);
  }

  /**
   * Whether reload works in this process. A service whose reload depends on how it was configured
   * or where it runs (the supervisor cannot forward a signal on Windows) says no here; the platform
   * then does not offer reload (no PARAMCHANGE on Windows, SIGHUP is ignored with one log line).
   */
  default boolean canReload() {
    return true;
  }
}
