package io.svc4j.systemd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalLevelPrefixConverterTest {

  private static String pattern(String option) {
    return "<encoder><pattern>%journalPrefix" + option + "%level %msg%n</pattern></encoder>";
  }

  @Test
  void prefixesEachLevelWhenConnected(@TempDir Path dir) throws Exception {
    try (LogbackFixture logback = new LogbackFixture(dir.resolve("log"), pattern("{always}"))) {
      logback.logger().error("e");
      logback.logger().warn("w");
      logback.logger().info("i");
      logback.logger().debug("d");
      logback.logger().trace("t");

      assertThat(logback.errors()).isEmpty();
      assertThat(logback.output())
          .isEqualTo("<3>ERROR e\n<4>WARN w\n<6>INFO i\n<7>DEBUG d\n<7>TRACE t\n");
    }
  }

  @Test
  void rendersNothingWhenNotConnected(@TempDir Path dir) throws Exception {
    try (LogbackFixture logback = new LogbackFixture(dir.resolve("log"), pattern("{never}"))) {
      logback.logger().error("e");

      assertThat(logback.output()).isEqualTo("ERROR e\n");
    }
  }

  @Test
  void anUnknownOptionIsReportedAndFallsBackToAuto(@TempDir Path dir) throws Exception {
    try (LogbackFixture logback = new LogbackFixture(dir.resolve("log"), pattern("{journal}"))) {
      assertThat(logback.errors())
          .anySatisfy(
              m -> assertThat(m).contains("%journalPrefix{journal}: unknown journal stream"));
    }
  }

  @Test
  void syslogPriorities() {
    assertThat(JournalLevels.prefix(Level.ERROR)).isEqualTo("<3>");
    assertThat(JournalLevels.prefix(Level.WARN)).isEqualTo("<4>");
    assertThat(JournalLevels.prefix(Level.INFO)).isEqualTo("<6>");
    assertThat(JournalLevels.prefix(Level.DEBUG)).isEqualTo("<7>");
    assertThat(JournalLevels.prefix(Level.TRACE)).isEqualTo("<7>");
  }
}
