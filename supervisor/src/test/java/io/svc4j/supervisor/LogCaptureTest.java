package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child floods its stdout; every line must arrive exactly once, in order, across files. */
class LogCaptureTest {

  @TempDir Path tmp;

  /** Writes {@code lines} numbered lines of about 100 bytes to stdout, as fast as it can. */
  private static List<String> flood(int lines) {
    return Procs.python(
        "import sys\n"
            + "pad = 'x' * 88\n"
            + "w = sys.stdout.write\n"
            + "for i in range("
            + lines
            + "): w('%09d %s\\n' % (i, pad))\n"
            + "sys.stderr.write('done\\n')\n");
  }

  private Supervisor run(String name, int lines, LogSettings logs) throws Exception {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(logs);
    var supervisor = TestSupervisors.fromCommand(name, flood(lines), options);
    supervisor.startChild();
    await()
        .atMost(120, TimeUnit.SECONDS)
        .until(() -> supervisor.status().state() == ChildState.EXITED);
    assertThat(supervisor.status().lastExitCode()).isZero();
    assertThat(supervisor.status().droppedLines()).isZero();
    supervisor.close();
    return supervisor;
  }

  /** All lines of {@code file} and its archives, oldest first. */
  private static List<String> readAll(Path file, boolean gzip) throws IOException {
    List<Path> parts = new ArrayList<>();
    for (int n = 1000; n >= 1; n--) {
      Path archive = file.resolveSibling(file.getFileName() + "." + n + (gzip ? ".gz" : ""));
      if (Files.exists(archive)) {
        parts.add(archive);
      }
    }
    parts.add(file);
    List<String> lines = new ArrayList<>();
    for (Path part : parts) {
      InputStream in = Files.newInputStream(part);
      if (part.toString().endsWith(".gz")) {
        in = new GZIPInputStream(in);
      }
      try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        reader.lines().forEach(lines::add);
      }
    }
    return lines;
  }

  private static void assertSequence(List<String> lines, int expected, int prefix) {
    assertThat(lines).hasSize(expected);
    for (int i = 0; i < expected; i++) {
      String line = lines.get(i);
      int number = Integer.parseInt(line.substring(prefix, prefix + 9));
      if (number != i) {
        throw new AssertionError("line " + i + " carries number " + number + ": " + line);
      }
    }
  }

  @Test
  void hundredMegabytesAcrossRotationsLoseAndDuplicateNoLine() throws Exception {
    int lines = 1_000_000; // 100 MB: 1 000 000 numbered lines of 100 bytes
    var logs = LogSettings.in(tmp).withRotation(4 * 1024 * 1024, 40, false);
    run("flood", lines, logs);

    Path out = tmp.resolve("flood.out.log");
    assertThat(Files.exists(out.resolveSibling("flood.out.log.20"))).as("~24 rotations").isTrue();
    assertThat(Files.exists(out.resolveSibling("flood.out.log.30"))).isFalse();
    try (var files = Files.list(tmp)) {
      for (Path p : files.toList()) {
        assertThat(Files.size(p)).isLessThan(4 * 1024 * 1024 + 128 * 1024);
      }
    }
    assertStreamedSequence(out, lines);
    assertThat(Files.readAllLines(tmp.resolve("flood.err.log"))).containsExactly("done");
  }

  /** Like assertSequence over readAll, reading one line at a time (100 MB stay on disk). */
  private static void assertStreamedSequence(Path file, int expected) throws IOException {
    List<Path> parts = new ArrayList<>();
    for (int n = 1000; n >= 1; n--) {
      Path archive = file.resolveSibling(file.getFileName() + "." + n);
      if (Files.exists(archive)) {
        parts.add(archive);
      }
    }
    parts.add(file);
    int next = 0;
    for (Path part : parts) {
      try (var reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          int number = Integer.parseInt(line.substring(0, 9));
          if (number != next) {
            throw new AssertionError(
                "line " + next + " carries number " + number + " in " + part + ": " + line);
          }
          next++;
        }
      }
    }
    assertThat(next).as("lines read across all files").isEqualTo(expected);
  }

  @Test
  void gzippedRotationsWithTimestampsKeepEveryLine() throws Exception {
    int lines = 30_000; // ~3 MB, ~48 rotations of 64 KiB, of which 100 are kept
    var logs = LogSettings.in(tmp).withRotation(64 * 1024, 100, true).withTimestamps(true);
    Instant before = Instant.now();
    run("gz", lines, logs);

    Path out = tmp.resolve("gz.out.log");
    List<String> all = readAll(out, true);
    int prefix = "2026-01-01T00:00:00.000000Z ".length();
    assertThat(all).allMatch(l -> l.charAt(prefix - 1) == ' ' && l.charAt(prefix - 2) == 'Z');
    assertThat(Instant.parse(all.get(0).substring(0, prefix - 1)))
        .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertSequence(all, lines, prefix);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.endsWith(".gz") || n.endsWith(".log"));
    }
  }

  @Test
  void keepBoundsTheNumberOfRotatedFiles() throws Exception {
    var logs = LogSettings.in(tmp).withRotation(16 * 1024, 3, false);
    run("few", 5_000, logs);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("few.out")))
          .containsExactlyInAnyOrder(
              "few.out.log", "few.out.log.1", "few.out.log.2", "few.out.log.3");
    }
    List<String> tail = readAll(tmp.resolve("few.out.log"), false);
    assertThat(tail.get(tail.size() - 1)).startsWith("000004999 ");
  }
}
