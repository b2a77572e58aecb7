package io.svc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The svc4j command configures Logback in code (no XML parser loaded), only when it is the svc4j
 * command, and never over a configuration file the user names. Each case is a fresh JVM: Logback
 * configures itself once per JVM.
 */
class CliLoggingTest {

  @TempDir Path dir;

  private record Result(String stderr, String classes) {}

  private Result probe(List<String> jvmOptions, String mode) throws Exception {
    Path classes = dir.resolve("classes-" + mode + ".txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xlog:class+load:file=" + classes);
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), CliLoggingProbe.class.getName(), mode));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(stderr).isZero();
    return new Result(stderr, Files.readString(classes));
  }

  @Test
  void theCommandLogsPlainLinesToStderrWithoutParsingXml() throws Exception {
    Result cli = probe(List.of(), "cli");
    assertThat(cli.stderr())
        .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io.svc4j.probe - probe line");
    assertThat(cli.classes())
        .as("no Joran configuration, no SAX parser")
        .doesNotContain("DefaultJoranConfigurator")
        .doesNotContain("SAXParserFactory");
  }

  @Test
  void anEmbeddingApplicationAndAUsersFileKeepTheirOwnConfiguration() throws Exception {
    Path own = dir.resolve("own.xml");
    Files.writeString(
        own,
        """
        <configuration>
          <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>OWN %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="E"/></root>
        </configuration>
        """);
    assertThat(probe(List.of("-Dlogback.configurationFile=" + own), "cli").stderr())
        .contains("OWN probe line");
    assertThat(probe(List.of("-Dlogback.configurationFile=" + own), "app").stderr())
        .contains("OWN probe line");
  }
}
