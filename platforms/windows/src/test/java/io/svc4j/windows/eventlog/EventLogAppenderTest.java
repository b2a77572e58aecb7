package io.svc4j.windows.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EventLogAppenderTest {

  record Written(int type, int id, String message) {}

  private static Logger logger(EventLogAppender appender) {
    LoggerContext context = new LoggerContext();
    appender.setContext(context);
    appender.start();
    Logger logger = context.getLogger("app");
    logger.setLevel(Level.TRACE);
    logger.addAppender(appender);
    return logger;
  }

  @Test
  void levelsBecomeEventTypesAndDocumentedIds() {
    List<Written> written = new CopyOnWriteArrayList<>();
    EventLogAppender appender = new EventLogAppender();
    appender.setSource("web");
    appender.setOpener(
        source ->
            new EventLogSink() {
              @Override
              public void write(int type, int id, String message) {
                written.add(new Written(type, id, message));
              }

              @Override
              public void close() {}
            });
    Logger log = logger(appender);

    log.error("disk full", new IllegalStateException("no space"));
    log.warn("slow");
    log.info("up on {}", 8080);
    log.debug("detail");

    assertThat(appender.writesToEventLog()).isTrue();
    assertThat(written)
        .extracting(Written::type, Written::id)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EventIds.EVENTLOG_ERROR_TYPE, 300),
            org.assertj.core.groups.Tuple.tuple(EventIds.EVENTLOG_WARNING_TYPE, 200),
            org.assertj.core.groups.Tuple.tuple(EventIds.EVENTLOG_INFORMATION_TYPE, 100),
            org.assertj.core.groups.Tuple.tuple(EventIds.EVENTLOG_INFORMATION_TYPE, 10));
    assertThat(written.get(0).message()).startsWith("app: disk full").contains("no space");
    assertThat(written.get(2).message()).isEqualTo("app: up on 8080");
  }

  @Test
  void fallsBackToTheConsoleWhenTheSourceIsNotRegistered() {
    EventLogAppender appender = new EventLogAppender();
    appender.setSource("web");
    appender.setOpener(source -> null);
    Logger log = logger(appender);

    log.info("still logged");

    assertThat(appender.isStarted()).isTrue();
    assertThat(appender.writesToEventLog()).isFalse();
  }

  @Test
  void offWindowsTheNativeOpenerFallsBackToo() {
    EventLogAppender appender = new EventLogAppender();
    appender.setSource("web");
    logger(appender).warn("on linux");
    assertThat(appender.writesToEventLog()).isFalse();
  }
}
