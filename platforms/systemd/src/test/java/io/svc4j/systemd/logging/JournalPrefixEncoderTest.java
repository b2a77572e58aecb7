package io.svc4j.systemd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalPrefixEncoderTest {

  private static String wrapping(String inner, String stream) {
    return """
        <encoder class="io.svc4j.systemd.logging.JournalPrefixEncoder">
          <stream>%s</stream>
          %s
        </encoder>
        """
        .formatted(stream, inner);
  }

  private static final String PATTERN =
      "<encoder class=\"ch.qos.logback.classic.encoder.PatternLayoutEncoder\">"
          + "<pattern>%level %msg%n</pattern></encoder>";

  @Test
  void everyLineOfAStackTraceCarriesTheEventsLevel(@TempDir Path dir) throws Exception {
    try (LogbackFixture logback =
        new LogbackFixture(dir.resolve("log"), wrapping(PATTERN, "always"))) {
      logback.logger().error("broken", new IllegalStateException("cause"));
      logback.logger().info("fine");

      assertThat(logback.errors()).isEmpty();
      String[] lines = logback.output().split("\n");
      assertThat(lines[0]).isEqualTo("<3>ERROR broken");
      assertThat(lines[1]).isEqualTo("<3>java.lang.IllegalStateException: cause");
      assertThat(lines).hasSizeGreaterThan(3);
      for (int i = 0; i < lines.length - 1; i++) {
        assertThat(lines[i]).startsWith("<3>");
      }
      assertThat(lines[lines.length - 1]).isEqualTo("<6>INFO fine");
    }
  }

  @Test
  void worksInFrontOfTheJsonEncoder(@TempDir Path dir) throws Exception {
    try (LogbackFixture logback =
        new LogbackFixture(
            dir.resolve("log"),
            wrapping(
                "<encoder class=\"ch.qos.logback.classic.encoder.JsonEncoder\"/>", "always"))) {
      logback.logger().warn("Grüße");

      String line = logback.output().lines().filter(l -> l.contains("Grüße")).findFirst().get();
      assertThat(line).startsWith("<4>{");
    }
  }

  @Test
  void passesOutputThroughWhenNotConnected(@TempDir Path dir) throws Exception {
    try (LogbackFixture logback =
        new LogbackFixture(dir.resolve("log"), wrapping(PATTERN, "never"))) {
      logback.logger().warn("plain");

      assertThat(logback.output()).isEqualTo("WARN plain\n");
    }
  }

  @Test
  void withoutANestedEncoderItSaysWhatIsMissing(@TempDir Path dir) throws Exception {
    try (LogbackFixture logback = new LogbackFixture(dir.resolve("log"), wrapping("", "auto"))) {
      assertThat(logback.errors())
          .anySatisfy(m -> assertThat(m).contains("JournalPrefixEncoder needs a nested <encoder"));
    }
  }

  @Test
  void prefixLinesHandlesEdges() {
    byte[] p = "<6>".getBytes(StandardCharsets.US_ASCII);
    assertThat(text(JournalPrefixEncoder.prefixLines(bytes("a\nb\n"), p)))
        .isEqualTo("<6>a\n<6>b\n");
    assertThat(text(JournalPrefixEncoder.prefixLines(bytes("a\r\nb"), p)))
        .isEqualTo("<6>a\r\n<6>b");
    assertThat(text(JournalPrefixEncoder.prefixLines(bytes("\n"), p))).isEqualTo("<6>\n");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
