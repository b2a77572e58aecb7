package io.svc4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Arrays;
import org.slf4j.LoggerFactory;

/**
 * Management commands are quiet (warnings only) so their output stays readable and scriptable;
 * {@code run} logs at info like any service; --verbose shows debug.
 */
final class Logging {
  private Logging() {}

  static void configure(String[] args) {
    var list = Arrays.asList(args);
    Level level;
    if (list.contains("--verbose")) {
      level = Level.DEBUG;
    } else if (list.stream()
        .filter(a -> !a.startsWith("-"))
        .findFirst()
        .orElse("run")
        .equals("run")) {
      level = Level.INFO;
    } else {
      level = Level.WARN;
    }
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(level);
    }
  }
}
