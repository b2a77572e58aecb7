package io.svc4j.systemd.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Pattern conversion word for the journald level prefix: register it with {@code <conversionRule
 * conversionWord="journalPrefix" class="io.svc4j.systemd.logging.JournalLevelPrefixConverter"/>}
 * and start the pattern with {@code %journalPrefix}. It renders nothing unless the output really
 * goes to the journal, so one pattern serves the console and systemd.
 *
 * <p>The option picks the stream: {@code %journalPrefix{stderr}} for a ConsoleAppender with {@code
 * <target>System.err</target>}; {@code auto} (the default) accepts stdout or stderr; {@code always}
 * and {@code never} force it. Only the first line of an event is prefixed; to give every line of a
 * stack trace the event's level, use {@link JournalPrefixEncoder} instead.
 */
public final class JournalLevelPrefixConverter extends ClassicConverter {

  private boolean connected;

  @Override
  public void start() {
    JournalStream.Target target = JournalStream.Target.AUTO;
    String option = getFirstOption();
    if (option != null && !option.isBlank()) {
      try {
        target = JournalStream.Target.parse(option);
      } catch (IllegalArgumentException e) {
        addError("%journalPrefix{" + option + "}: " + e.getMessage() + "; using auto");
      }
    }
    connected = JournalStream.isConnected(target);
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    return connected ? JournalLevels.prefix(event.getLevel()) : "";
  }
}
