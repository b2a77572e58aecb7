package io.svc4j.windows.eventlog;

/** Where the appender's entries go: the Event Log through JNA, or the console as a fallback. */
public interface EventLogSink extends AutoCloseable {

  /** Writes one entry; must not throw for an entry that cannot be written (log it elsewhere). */
  void write(int type, int id, String message);

  @Override
  void close();
}
