package io.svc4j.supervisor.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron expression for planned restarts: five fields as in crontab ({@code 0 4 * * *}: daily at
 * 04:00), or six with seconds first ({@code 0 0 4 * * *}). Evaluated in the system time zone.
 */
public final class CronSchedule {

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

  private final String expression;
  private final ExecutionTime times;

  private CronSchedule(String expression, ExecutionTime times) {
    this.expression = expression;
    this.times = times;
  }

  /** Parses {@code expression}; a bad one is a {@link ConfigException} for {@code setting}. */
  public static CronSchedule parse(String expression, String setting) {
    String trimmed = expression == null ? "" : expression.strip();
    int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    if (fields != 5 && fields != 6) {
      throw new ConfigException(
          setting,
          "'"
              + trimmed
              + "' is not a cron expression: give 5 fields (minute hour day month"
              + " weekday, e.g. '0 4 * * *') or 6 with seconds first");
    }
    try {
      var cron = (fields == 5 ? UNIX : WITH_SECONDS).parse(trimmed);
      return new CronSchedule(trimmed, ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          setting, "'" + trimmed + "' is not a valid cron expression: " + e.getMessage());
    }
  }

  public String expression() {
    return expression;
  }

  /** Time from {@code now} to the next planned instant, if there is one. */
  public Optional<Duration> untilNext(ZonedDateTime now) {
    return times.nextExecution(now).map(next -> Duration.between(now, next));
  }
}
