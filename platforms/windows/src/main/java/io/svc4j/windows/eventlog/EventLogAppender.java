package io.svc4j.windows.eventlog;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.svc4j.runtime.HostEnvironment;
import java.util.function.Function;

/**
 * A Logback appender that writes to the Windows Application event log, with the type and event ID
 * of {@link EventIds}. The source must have been registered (svc4j does it at install); when it is
 * not, or off Windows, entries go to stderr instead and one warning says why — logging never breaks
 * the service.
 *
 * <pre>{@code
 * <appender name="EVENTLOG" class="io.svc4j.windows.eventlog.EventLogAppender">
 *   <source>my-service</source>
 * </appender>
 * }</pre>
 */
public class EventLogAppender extends AppenderBase<ILoggingEvent> {

  private String source;
  private volatile EventLogSink sink;
  private Function<String, EventLogSink> opener = this::openNative;
  private final ThrowableProxyConverter throwables = new ThrowableProxyConverter();

  /** The event source name, normally the service name. */
  public void setSource(String source) {
    this.source = source;
  }

  public String getSource() {
    return source;
  }

  /** For tests: how the sink is opened; returning null means "fall back to the console". */
  void setOpener(Function<String, EventLogSink> opener) {
    this.opener = opener;
  }

  @Override
  public void start() {
    if (source == null || source.isBlank()) {
      addError("EventLogAppender needs a <source> (the service name); writing to stderr instead");
      sink = new ConsoleEventLogSink(System.err);
    } else {
      EventLogSink opened = null;
      try {
        opened = opener.apply(source);
      } catch (RuntimeException | LinkageError e) {
        addWarn("cannot open event source " + source + ": " + e);
      }
      sink = opened != null ? opened : new ConsoleEventLogSink(System.err);
    }
    throwables.setContext(getContext());
    throwables.start();
    super.start();
  }

  private EventLogSink openNative(String name) {
    if (!HostEnvironment.current().isWindows()) {
      addInfo("not on Windows: event log entries for " + name + " go to stderr");
      return null;
    }
    if (!EventSources.exists(name)) {
      addWarn(
          "event source "
              + name
              + " is not registered (install the service with svc4j): writing to stderr");
      return null;
    }
    int[] error = new int[1];
    EventLogSink opened = JnaEventLogSink.open(name, error);
    if (opened == null) {
      addWarn("RegisterEventSource(" + name + ") failed with Windows error " + error[0]);
    }
    return opened;
  }

  /** Whether entries reach the Event Log (false: the stderr fallback is in use). */
  public boolean writesToEventLog() {
    EventLogSink current = sink;
    return current != null && !(current instanceof ConsoleEventLogSink);
  }

  @Override
  protected void append(ILoggingEvent event) {
    EventIds.Entry entry = EventIds.forLevel(event.getLevel().toString());
    String message = event.getLoggerName() + ": " + event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      message += System.lineSeparator() + throwables.convert(event);
    }
    sink.write(entry.type(), entry.id(), message);
  }

  @Override
  public void stop() {
    super.stop();
    throwables.stop();
    if (sink != null) {
      sink.close();
      sink = null;
    }
  }
}
