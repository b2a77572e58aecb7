package io.svc4j.supervisor.config;

/** How the supervisor decides that a started child is RUNNING (YAML {@code readiness.mode}). */
public enum ReadinessMode {
  /** After it stayed up {@link ReadinessSettings#startSeconds()} (supervisord's startsecs). */
  UPTIME,
  /** When it sends {@code READY=1} to its NOTIFY_SOCKET (systemd Type=notify). */
  NOTIFY,
  /** When its health check passes for the first time. */
  HEALTH;

  public static ReadinessMode parse(String text, String setting) {
    for (ReadinessMode mode : values()) {
      if (mode.name().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw new ConfigException(
        setting, "unknown readiness mode '" + text + "'; use uptime, notify or health");
  }
}
