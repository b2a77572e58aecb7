package io.svc4j.cli.supervise;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import io.svc4j.cli.LogFileAppender;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.LogFormat;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.logs.LogAccess;
import io.svc4j.supervisor.logs.LogDirectory;
import io.svc4j.supervisor.logs.LogFile;
import io.svc4j.supervisor.logs.UnsafeDirectoryException;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's own log (`svc4j run`): its decisions — starts, exits, restarts, health, stops —
 * in a file of its own next to the child's captured output, as text or JSON lines, rotated by the
 * same max-size and keep, written like the child's logs (a {@link LogFile}: 0640, never through a
 * link, paused and resumed around a full disk). Under the SCM a service has no console, so this
 * file is where they are; under systemd they also go to the journal through stderr.
 */
final class SupervisorLog {

  private static final String APPENDER = "svc4j-supervisor-log";

  private SupervisorLog() {}

  /**
   * Adds the file to the root logger when the configuration captures logs; returns it (null when
   * there is no log directory).
   */
  static Path attach(SupervisorConfig config) {
    var logs = config.logs();
    if (logs == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    Path file = logs.directory().resolve(logs.supervisorFile(config.name())).toAbsolutePath();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) != null) {
      return file;
    }
    // Like the child's logs: file.1 newest ... file.keep (+ .gz when gzip is on), by max-size.
    LogFile logFile;
    try {
      logFile =
          new LogFile(
              LogDirectory.open(logs.directory(), LogAccess.forRunAs(config.runAs())),
              true,
              logs.supervisorFile(config.name()),
              logs.maxSize(),
              null,
              Math.max(1, logs.keep()),
              logs.gzip(),
              logs.bufferBytes());
    } catch (UnsafeDirectoryException e) {
      throw new ConfigException("logs.directory", e.getMessage());
    } catch (IOException e) {
      throw new ConfigException("logs.directory", "cannot write '" + file + "': " + e.getMessage());
    }
    var appender = new LogFileAppender(logFile, encoder(context, logs.supervisorFormat()));
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.start();
    root.addAppender(appender);
    return file;
  }

  /** Writes what is queued and closes the file (the end of {@code svc4j run}). */
  static void detach() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      var appender = root.getAppender(APPENDER);
      if (appender != null) {
        root.detachAppender(appender);
        appender.stop();
      }
    }
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
    if (format == LogFormat.JSON) {
      var json = new JsonEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    var text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n");
    text.start();
    return text;
  }
}
