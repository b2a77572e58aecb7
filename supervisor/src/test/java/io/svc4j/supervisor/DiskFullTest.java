package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.logs.LogFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A full disk pauses log capture, it does not end it. On a real 1 MiB tmpfs: the child writes
 * numbered lines all along; the test fills the file system, then frees it. Capture must resume, and
 * every line missing from the file must be accounted for by a marker line, by {@code svc4j status}
 * and by the supervisor's own log.
 */
class DiskFullTest {

  private static final Pattern MARKER =
      Pattern.compile("\\[svc4j] (\\d+) lines dropped here: disk full from \\S+ to \\S+");

  @TempDir Path tmp;
  private Path disk;
  private final ListAppender<ILoggingEvent> supervisorLog = new ListAppender<>();

  @BeforeEach
  void mountATinyDisk() throws Exception {
    disk = Files.createDirectory(tmp.resolve("disk"));
    run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "svc4j-disk-full", disk.toString());
    supervisorLog.start();
    ((Logger) LoggerFactory.getLogger(LogFile.class)).addAppender(supervisorLog);
  }

  @AfterEach
  void unmount() throws Exception {
    ((Logger) LoggerFactory.getLogger(LogFile.class)).detachAppender(supervisorLog);
    Process p = new ProcessBuilder("umount", disk.toString()).inheritIO().start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      run("umount", "--lazy", disk.toString()); // never leave a mount behind, even after a failure
      throw new AssertionError("umount " + disk + " failed: a log file was left open?");
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }

  /** Writes zeros into {@code file} until the file system is full. */
  private static void fill(Path file) {
    byte[] block = new byte[4096];
    try (OutputStream out =
        Files.newOutputStream(
            file,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // no space left: that was the point
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file);
  }

  @Test
  void captureResumesOnceSpaceIsFreedAndEveryDroppedLineIsCountedAndReported() throws Exception {
    Path logs = disk.resolve("logs");
    String child =
        "import time\n"
            + "i = 0\n"
            + "while True:\n"
            + "  print('%09d %s' % (i, 'x' * 80), flush=True)\n"
            + "  i += 1\n"
            + "  time.sleep(0.001)\n";
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withReadiness(ReadinessSettings.uptime(Duration.ZERO)).withLogs(LogSettings.in(logs));
    Path out = logs.resolve("full.out.log");
    Path filler = disk.resolve("filler");
    try (var supervisor = TestSupervisors.fromCommand("full", Procs.python(child), options)) {
      supervisor.startChild();
      await().atMost(20, TimeUnit.SECONDS).until(() -> lines(out).size() > 100);

      fill(filler);
      await()
          .atMost(20, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                fill(filler); // what a failed write gave back is taken again
                return supervisor.status().logs().startsWith("disk full since ");
              });
      assertThat(supervisor.status().logs())
          .matches("disk full since \\S+: \\d+ lines dropped so far");
      await().atMost(20, TimeUnit.SECONDS).until(() -> supervisor.status().droppedLines() > 300);
      int before = lines(out).size();

      Files.delete(filler);
      await()
          .atMost(20, TimeUnit.SECONDS)
          .until(() -> supervisor.status().logs().endsWith("capture resumed"));
      await().atMost(20, TimeUnit.SECONDS).until(() -> lines(out).size() > before + 200);
      assertThat(supervisor.status().logs())
          .matches("disk full: \\d+ lines dropped \\(\\S+ to \\S+\\), capture resumed");
      assertThat(supervisor.status().summary()).contains(", logs: disk full: ");
    }

    // Every number the child printed is in the file, or counted by the marker where it is missing.
    long expected = -1;
    long markedDrops = 0;
    long missing = 0;
    long pendingMark = 0;
    for (String line : lines(out)) {
      Matcher m = MARKER.matcher(line);
      if (m.matches()) {
        pendingMark += Long.parseLong(m.group(1));
        markedDrops += Long.parseLong(m.group(1));
        continue;
      }
      assertThat(line).as("no cut or foreign line").matches("\\d{9} x{80}");
      long n = Long.parseLong(line.substring(0, 9));
      if (expected >= 0) {
        assertThat(n - expected).as("gap before " + n).isEqualTo(pendingMark);
        missing += n - expected;
      }
      pendingMark = 0;
      expected = n + 1;
    }
    assertThat(markedDrops).isPositive().isEqualTo(missing);

    List<String> said =
        supervisorLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(said)
        .anySatisfy(
            s ->
                assertThat(s)
                    .contains("full.out.log: disk full; capture paused")
                    .contains("No space left on device"));
    assertThat(said)
        .anySatisfy(
            s ->
                assertThat(s)
                    .containsPattern(
                        "full.out.log: capture resumed; disk full: \\d+ lines dropped from "));
  }
}
