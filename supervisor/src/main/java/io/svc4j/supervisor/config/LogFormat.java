package io.svc4j.supervisor.config;

import java.util.Locale;

/** How the supervisor writes its own log (YAML {@code logs.supervisor-format}). */
public enum LogFormat {
  /** One line per event: time, level, thread, logger, message. */
  TEXT,
  /** One JSON object per line (Logback's JsonEncoder), for log shippers. */
  JSON;

  public static LogFormat parse(String text, String setting) {
    for (LogFormat f : values()) {
      if (f.name().equalsIgnoreCase(text.trim())) {
        return f;
      }
    }
    throw new ConfigException(setting, "unknown format '" + text + "'; use text or json");
  }

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
