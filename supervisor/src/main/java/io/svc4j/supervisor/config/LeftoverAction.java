package io.svc4j.supervisor.config;

/**
 * What to do when, before the first launch, processes of a previous instance of the same service
 * are still alive (its supervisor was killed and they escaped), or something already listens on the
 * health check's port (YAML {@code leftovers}).
 */
public enum LeftoverAction {
  /** Log them (pid and command line) and start anyway. */
  REPORT,
  /** Stop them (TERM, then KILL after the stop timeout), then start. */
  KILL,
  /** Refuse to start: the supervisor fails with a line naming them. */
  FAIL;

  public static LeftoverAction parse(String text, String setting) {
    for (LeftoverAction action : values()) {
      if (action.name().equalsIgnoreCase(text)) {
        return action;
      }
    }
    throw new ConfigException(setting, "unknown action '" + text + "'; use report, kill or fail");
  }
}
