package io.svc4j.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import io.svc4j.supervisor.logs.Chunk;
import io.svc4j.supervisor.logs.LogFile;

/**
 * Logback into a supervisor {@link LogFile}, so that the supervisor's own log gets what the child's
 * logs get: created by name inside the checked log directory (never through a link), 0640 with the
 * log group, rotated the same way, and paused (not ended) while the disk is full.
 */
public final class LogFileAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private final LogFile file;
  private final Encoder<ILoggingEvent> encoder;

  public LogFileAppender(LogFile file, Encoder<ILoggingEvent> encoder) {
    this.file = file;
    this.encoder = encoder;
  }

  @Override
  protected void append(ILoggingEvent event) {
    byte[] bytes = encoder.encode(event);
    int lines = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        lines++;
      }
    }
    file.offer(new Chunk(bytes, lines));
  }

  @Override
  public void stop() {
    super.stop();
    file.close();
  }
}
