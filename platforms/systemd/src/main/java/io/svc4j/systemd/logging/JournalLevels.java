package io.svc4j.systemd.logging;

import ch.qos.logback.classic.Level;

/**
 * Logback levels as the syslog priority prefixes journald reads at the start of each line of a
 * service's output (sd-daemon.h): {@code <3>} err, {@code <4>} warning, {@code <6>} info, {@code
 * <7>} debug.
 */
public final class JournalLevels {

  private JournalLevels() {}

  /** The prefix for {@code level}; TRACE shares debug's, syslog has nothing below it. */
  public static String prefix(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> "<3>";
      case Level.WARN_INT -> "<4>";
      case Level.INFO_INT -> "<6>";
      default -> "<7>";
    };
  }
}
