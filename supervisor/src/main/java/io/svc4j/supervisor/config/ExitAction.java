package io.svc4j.supervisor.config;

/**
 * What one specific exit code means, overriding the restart mode (YAML: {@code restart.on-exit}).
 */
public enum ExitAction {
  /**
   * Start the child again whatever the mode (still subject to backoff and the crash-loop limit).
   */
  RESTART,
  /** Do not restart: the child ends EXITED and the supervisor ends cleanly (exit 0). */
  STOP,
  /** Treat the exit as a success: not a failure, not counted for backoff. */
  IGNORE;

  public static ExitAction parse(String text, String setting) {
    for (ExitAction action : values()) {
      if (action.name().equalsIgnoreCase(text)) {
        return action;
      }
    }
    throw new ConfigException(
        setting, "unknown exit action '" + text + "'; use restart, stop or ignore");
  }
}
