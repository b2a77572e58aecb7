package io.svc4j.supervisor;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Test fixture: the lines the supervisor logs (logger {@code io.svc4j.supervisor}) during each
 * test, as an operator reads them. Register with {@code @RegisterExtension}.
 */
final class SupervisorLogLines implements BeforeEachCallback, AfterEachCallback {

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.svc4j.supervisor");

  @Override
  public void beforeEach(ExtensionContext context) {
    log.start();
    logger.addAppender(log);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(log);
  }

  /** Every line so far, formatted. */
  List<String> all() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** The ERROR lines so far, formatted. */
  List<String> errors() {
    return log.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
