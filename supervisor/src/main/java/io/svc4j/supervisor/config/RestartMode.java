package io.svc4j.supervisor.config;

/** When the supervisor starts the child again after it ended (YAML: {@code restart.mode}). */
public enum RestartMode {
  /** Never: the child's end is final (EXITED). */
  NO("no"),
  /** Only after a failure: a non-success exit code, a signal, a hang or an unhealthy child. */
  ON_FAILURE("on-failure"),
  /** After every end that the supervisor did not ask for. */
  ALWAYS("always"),
  /**
   * Like {@link #ALWAYS}, except that a child stopped by an operator (the control channel's {@code
   * stop}) stays stopped even when the supervisor itself restarts (the stop is remembered in the
   * state directory until the control channel's {@code start} or {@code restart}).
   */
  UNLESS_STOPPED("unless-stopped");

  private final String yamlName;

  RestartMode(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The spelling used in files and on the command line. */
  public String yamlName() {
    return yamlName;
  }

  /** Parses the file / command-line spelling; the error lists the accepted values. */
  public static RestartMode parse(String text, String setting) {
    for (RestartMode mode : values()) {
      if (mode.yamlName.equals(text)) {
        return mode;
      }
    }
    throw new ConfigException(
        setting,
        "unknown restart policy '" + text + "'; use no, on-failure, always or unless-stopped");
  }
}
