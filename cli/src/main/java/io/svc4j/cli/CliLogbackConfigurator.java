package io.svc4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The svc4j command's own logging, set up in code: plain lines on stderr, level set by the command
 * (see {@link Logging}). Parsing an XML configuration (Joran and a SAX parser) cost every CLI call
 * and every supervisor start a few hundred milliseconds of class loading.
 *
 * <p>Found by Logback through ServiceLoader in any jar that contains the CLI — also an application
 * that embeds it ({@code EmbeddedService}) — so it acts only when {@link Svc4j#main} asked for it,
 * and steps aside when the user points Logback at a file of their own.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CliLogbackConfigurator extends ContextAwareBase implements Configurator {

  /** Set by {@link Svc4j#main}: this JVM is the svc4j command. */
  static final String PROPERTY = "svc4j.cli.logging";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (!Boolean.getBoolean(PROPERTY) || System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    var encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    var stderr = new ConsoleAppender<ILoggingEvent>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
