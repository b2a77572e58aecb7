package io.svc4j.supervisor.config;

import java.util.Locale;

/**
 * How a child is asked to stop on Windows (YAML {@code stop.windows}), where there are no signals.
 * Every choice also posts WM_CLOSE to the top-level windows of the tree, so windowed programs,
 * which have no console, get their usual close request.
 */
public enum WindowsStopEvent {
  /**
   * CTRL_C_EVENT to the child's console: what a JVM turns into its shutdown (hooks run); most
   * console programs treat it as an interrupt.
   */
  CTRL_C,
  /**
   * CTRL_BREAK_EVENT to the child's console: for programs that handle only that one. Note that a
   * JVM answers it with a thread dump and keeps running.
   */
  CTRL_BREAK,
  /** WM_CLOSE only: for windowed programs. */
  CLOSE;

  /** The YAML spelling: ctrl-c, ctrl-break, close. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static WindowsStopEvent parse(String text, String setting) {
    for (WindowsStopEvent e : values()) {
      if (e.yamlName().equalsIgnoreCase(text.trim()) || e.name().equalsIgnoreCase(text.trim())) {
        return e;
      }
    }
    throw new ConfigException(
        setting, "unknown Windows stop event '" + text + "'; use ctrl-c, ctrl-break or close");
  }
}
