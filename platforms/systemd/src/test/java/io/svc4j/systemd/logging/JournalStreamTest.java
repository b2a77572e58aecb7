package io.svc4j.systemd.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.systemd.logging.JournalStream.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalStreamTest {

  private static HostEnvironment journalStream(Path connectedTo) {
    long[] id = JournalStream.identity(connectedTo).orElseThrow();
    return new HostEnvironment(Map.of("JOURNAL_STREAM", id[0] + ":" + id[1]), "Linux");
  }

  @Test
  void thisProcessStderrMatchesAJournalStreamNamingIt() {
    // The real /proc/self/fd/2 of this JVM, whatever it is (a pipe under surefire).
    Path stderr = Path.of("/proc/self/fd/2");
    Path stdout = Path.of("/proc/self/fd/1");
    HostEnvironment env = journalStream(stderr);

    assertThat(JournalStream.isConnected(Target.STDERR, env, stdout, stderr)).isTrue();
    assertThat(JournalStream.isConnected(Target.AUTO, env, stdout, stderr)).isTrue();
  }

  @Test
  void onlyTheDescriptorThatIsTheStreamCounts(@TempDir Path dir) throws Exception {
    Path journal = Files.createFile(dir.resolve("journal"));
    Path elsewhere = Files.createFile(dir.resolve("elsewhere"));
    HostEnvironment env = journalStream(journal);

    assertThat(JournalStream.isConnected(Target.STDOUT, env, journal, elsewhere)).isTrue();
    assertThat(JournalStream.isConnected(Target.STDERR, env, journal, elsewhere)).isFalse();
    assertThat(JournalStream.isConnected(Target.AUTO, env, elsewhere, journal)).isTrue();
    // Inherited by a child whose output was redirected: no longer the journal.
    assertThat(JournalStream.isConnected(Target.AUTO, env, elsewhere, elsewhere)).isFalse();
  }

  @Test
  void missingOrMalformedVariableMeansNotConnected(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("out"));
    for (String value : new String[] {"", "12", ":5", "a:b", "1:2:3"}) {
      HostEnvironment env = new HostEnvironment(Map.of("JOURNAL_STREAM", value), "Linux");
      assertThat(JournalStream.isConnected(Target.AUTO, env, file, file)).as(value).isFalse();
    }
    HostEnvironment none = new HostEnvironment(Map.of(), "Linux");
    assertThat(JournalStream.isConnected(Target.AUTO, none, file, file)).isFalse();
    assertThat(JournalStream.isConnected(Target.ALWAYS, none, file, file)).isTrue();
    assertThat(JournalStream.isConnected(Target.NEVER, journalStream(file), file, file)).isFalse();
  }

  @Test
  void closedDescriptorIsNotTheJournal(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("out"));

    assertThat(
            JournalStream.isConnected(
                Target.AUTO, journalStream(file), dir.resolve("nope"), dir.resolve("nope")))
        .isFalse();
  }

  @Test
  void targetNamesAreCaseInsensitiveAndUnknownOnesExplainThemselves() {
    assertThat(Target.parse(" StdErr ")).isEqualTo(Target.STDERR);
    assertThatThrownBy(() -> Target.parse("syslog"))
        .hasMessage(
            "unknown journal stream target 'syslog': use one of auto, stdout, stderr, always,"
                + " never");
  }
}
