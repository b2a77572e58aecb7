package io.svc4j.systemd.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;

/** A private Logback context configured from XML text, writing to a file the test reads. */
final class LogbackFixture implements AutoCloseable {

  final LoggerContext context = new LoggerContext();
  final Path file;

  LogbackFixture(Path file, String appenderBody) throws Exception {
    this.file = file;
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.putProperty("LOG_FILE", file.toString());
    String xml =
        """
        <configuration>
          <conversionRule conversionWord="journalPrefix"
              class="io.svc4j.systemd.logging.JournalLevelPrefixConverter"/>
          <appender name="OUT" class="ch.qos.logback.core.FileAppender">
            <file>${LOG_FILE}</file>
        %s
          </appender>
          <root level="TRACE"><appender-ref ref="OUT"/></root>
        </configuration>
        """
            .formatted(appenderBody);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  Logger logger() {
    return context.getLogger("app");
  }

  List<String> errors() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() >= Status.WARN)
        .map(
            s ->
                s.getThrowable() == null ? s.getMessage() : s.getMessage() + " " + s.getThrowable())
        .toList();
  }

  String output() throws Exception {
    context.stop();
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    context.stop();
  }
}
