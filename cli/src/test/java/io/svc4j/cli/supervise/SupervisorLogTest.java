package io.svc4j.cli.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.supervisor.config.LogFormat;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The supervisor's own log file: text or JSON lines, rotated like the child's logs. */
class SupervisorLogTest {

  @TempDir Path dir;
  private Level rootLevel;

  /** Management commands run earlier in this JVM leave the root at WARN; `svc4j run` keeps INFO. */
  @BeforeEach
  void infoLikeSvc4jRun() {
    var root =
        ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.INFO);
  }

  @AfterEach
  void detach() {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel);
    var appender = root.getAppender("svc4j-supervisor-log");
    if (appender != null) {
      root.detachAppender(appender);
      appender.stop();
    }
  }

  private static SupervisorConfig config(LogSettings logs) {
    return SupervisorConfig.of("web", List.of("/bin/true")).withLogs(logs);
  }

  @Test
  void textLinesGoToTheirOwnFileNextToTheChildsLogs() throws Exception {
    Path file = SupervisorLog.attach(config(LogSettings.in(dir)));
    assertThat(file).isEqualTo(dir.resolve("web.svc4j.log"));
    LoggerFactory.getLogger("io.svc4j.supervisor.Supervisor").info("web: started pid {}", 4242);
    SupervisorLog.detach(); // writes what is queued
    assertThat(Files.readString(file))
        .contains(" INFO  [")
        .contains("Supervisor - web: started pid 4242");
  }

  @Test
  void jsonLinesAreOneObjectEach() throws Exception {
    Path file =
        SupervisorLog.attach(config(LogSettings.in(dir).withSupervisorFormat(LogFormat.JSON)));
    LoggerFactory.getLogger("io.svc4j.supervisor.Supervisor").warn("web: restarting in 1000 ms");
    SupervisorLog.detach();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).isNotEmpty();
    var json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(json.path("level").asText()).isEqualTo("WARN");
    assertThat(json.path("message").asText()).isEqualTo("web: restarting in 1000 ms");
    assertThat(json.path("loggerName").asText()).isEqualTo("io.svc4j.supervisor.Supervisor");
  }

  @Test
  void itRotatesByMaxSizeAndKeepsAtMostKeepFiles() throws Exception {
    Path file = SupervisorLog.attach(config(LogSettings.in(dir).withRotation(2048, 2, false)));
    var log = LoggerFactory.getLogger("io.svc4j.supervisor.Supervisor");
    String filler = "x".repeat(200);
    for (int i = 0; i < 200; i++) {
      log.info("line {} {}", i, filler);
    }
    SupervisorLog.detach();
    assertThat(Files.exists(dir.resolve("web.svc4j.log.1"))).as("rotated").isTrue();
    assertThat(Files.exists(dir.resolve("web.svc4j.log.3"))).as("keep 2").isFalse();
    assertThat(io.svc4j.supervisor.logs.LogReader.tail(file, 1).get(0)).contains("line 199 ");
  }

  /** Even before the first line: the file is the log group's to read, nobody else's. */
  @Test
  void theFileIsReadableByTheLogGroupOnly() throws Exception {
    Path file = SupervisorLog.attach(config(LogSettings.in(dir.resolve("logs"))));
    LoggerFactory.getLogger("io.svc4j.supervisor.Supervisor").info("web: started pid {}", 1);
    SupervisorLog.detach();
    assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0100640);
    assertThat(Files.getAttribute(file.getParent(), "unix:mode")).isEqualTo(040750);
    assertThat(
            Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class)
                .group()
                .getName())
        .isEqualTo("adm");
  }

  @Test
  void withoutALogDirectoryThereIsNoFile() {
    assertThat(SupervisorLog.attach(SupervisorConfig.of("web", List.of("/bin/true")))).isNull();
  }
}
