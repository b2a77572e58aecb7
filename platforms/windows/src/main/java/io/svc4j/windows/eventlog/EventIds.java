package io.svc4j.windows.eventlog;

/**
 * How log levels become Event Log entries. The IDs stay within 1..1000, the range EventCreate.exe
 * (the registered message file) has texts for; operators filter on them in Event Viewer.
 *
 * <pre>
 * level        | event type   | event ID
 * -------------+--------------+---------
 * ERROR        | Error        | 300
 * WARN         | Warning      | 200
 * INFO         | Information  | 100
 * DEBUG, TRACE | Information  | 10
 * </pre>
 */
public final class EventIds {
  private EventIds() {}

  public static final int EVENTLOG_ERROR_TYPE = 1;
  public static final int EVENTLOG_WARNING_TYPE = 2;
  public static final int EVENTLOG_INFORMATION_TYPE = 4;

  /** An entry's type and ID. */
  public record Entry(int type, int id) {}

  /** Maps an SLF4J/Logback level name (ERROR, WARN, INFO, DEBUG, TRACE). */
  public static Entry forLevel(String level) {
    return switch (level) {
      case "ERROR" -> new Entry(EVENTLOG_ERROR_TYPE, 300);
      case "WARN" -> new Entry(EVENTLOG_WARNING_TYPE, 200);
      case "INFO" -> new Entry(EVENTLOG_INFORMATION_TYPE, 100);
      default -> new Entry(EVENTLOG_INFORMATION_TYPE, 10);
    };
  }
}
