package io.svc4j.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.svc4j.supervisor.config.LogFormat;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's own log (`svc4j run`): its decisions — starts, exits, restarts, health, stops —
 * in a file of its own next to the child's captured output, as text or JSON lines, rotated by the
 * same max-size and keep. Under the SCM a service has no console, so this file is where they are;
 * under systemd they also go to the journal through stderr.
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
    var appender = new RollingFileAppender<ILoggingEvent>();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setFile(file.toString());

    // Like the child's logs: file.1 newest ... file.keep (+ .gz when gzip is on).
    int keep = Math.max(1, logs.keep());
    var rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(file + ".%i" + (logs.gzip() ? ".gz" : ""));
    rolling.setMinIndex(1);
    rolling.setMaxIndex(keep);
    var trigger = new SizeBasedTriggeringPolicy<ILoggingEvent>();
    trigger.setContext(context);
    trigger.setMaxFileSize(new FileSize(logs.maxSize()));
    // Logback checks the size at most once a minute by default; the supervisor logs little, so
    // checking at every event costs nothing and keeps files within max-size.
    trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));

    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.setEncoder(encoder(context, logs.supervisorFormat()));
    rolling.start();
    trigger.start();
    appender.start();
    root.addAppender(appender);
    return file;
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
