package io.svc4j.examples.hello.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.svc4j.systemd.logging.JournalPrefixEncoder;

/**
 * hello-http's logging, set up in code rather than by a {@code logback.xml}: parsing XML (Joran and
 * the JDK's SAX parser, ~250 classes) cost every start ~0.3 s before the port was open. One JSON
 * object per line on stdout ({@link JsonLogEncoder}); under systemd with stdout on the journal
 * ({@code JOURNAL_STREAM} matches it) each line starts with its syslog level prefix ({@link
 * JournalPrefixEncoder}); root at info, Jetty's own loggers at warn ("listening on" and the drain
 * are logged by the service itself). {@code -Dlogback.configurationFile=FILE} replaces all of it.
 *
 * <p>Found by Logback through {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class HelloLogging extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    JsonLogEncoder json = new JsonLogEncoder();
    json.setContext(context);
    json.setService("hello-http"); // until the service starts and names itself
    JournalPrefixEncoder prefixed = new JournalPrefixEncoder();
    prefixed.setContext(context);
    prefixed.setStream("stdout");
    prefixed.setEncoder(json);
    prefixed.start();
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName("JSON");
    stdout.setEncoder(prefixed);
    stdout.start();
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stdout);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
