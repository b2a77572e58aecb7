package io.svc4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Management commands are quiet (warnings only) so their output stays readable and scriptable;
 * {@code run} keeps whatever level the application's logging configuration chose; --verbose shows
 * debug everywhere.
 */
public final class Logging {

  private Logging() {}

  public static void configure(String[] args) {
    List<String> list = Arrays.asList(args);
    Level level;
    if (list.contains("--verbose")) {
      level = Level.DEBUG;
    } else if (Subcommands.MANAGEMENT.contains(Subcommands.first(list, "run"))) {
      level = Level.WARN;
    } else {
      return;
    }
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(level);
    }
  }
}
