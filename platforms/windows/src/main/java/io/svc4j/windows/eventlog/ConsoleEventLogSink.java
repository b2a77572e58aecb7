package io.svc4j.windows.eventlog;

import java.io.PrintStream;

/** The fallback: entries as lines on stderr, with their Event Log type. */
final class ConsoleEventLogSink implements EventLogSink {

  private final PrintStream out;

  ConsoleEventLogSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void write(int type, int id, String message) {
    String kind =
        switch (type) {
          case EventIds.EVENTLOG_ERROR_TYPE -> "ERROR";
          case EventIds.EVENTLOG_WARNING_TYPE -> "WARNING";
          default -> "INFORMATION";
        };
    out.println(kind + " [" + id + "] " + message);
  }

  @Override
  public void close() {
    out.flush();
  }
}
