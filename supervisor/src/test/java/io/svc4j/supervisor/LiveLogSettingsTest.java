package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-read {@code logs:} section applies to the running child's capture: a real child writes
 * numbered lines without pause while the directory, rotation, compression and timestamps change;
 * every line is in exactly one file, in order, and the child is the same process throughout.
 */
class LiveLogSettingsTest {

  private static final Pattern STAMP =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z ");

  @TempDir Path tmp;
  @RegisterExtension final SupervisorLogLines log = new SupervisorLogLines();
  private Path file;

  /** Writes "line N" without end until the file {@code stop} exists, then "end". */
  private String yaml(Path stop, String logs) {
    return "name: live\n"
        + "command: [sh, -c, 'i=0; while [ ! -e "
        + stop
        + " ]; do echo \"line $i\"; i=$((i+1)); if [ $((i % 100)) -eq 0 ]; then sleep 0.01;"
        + " fi; done; echo end; exec sleep 600']\n"
        + "restart: {mode: always}\n"
        + "readiness: {start-seconds: 0s}\n"
        + "logs: "
        + logs
        + "\n";
  }

  private void save(String text) throws IOException {
    RereadFile.save(file, text);
  }

  private Supervisor started(String text) throws Exception {
    file = tmp.resolve("live.yaml");
    Files.writeString(file, text);
    var supervisor = RereadFile.supervisor(file, tmp);
    supervisor.startChild();
    assertThat(supervisor.awaitReady(java.time.Duration.ofSeconds(30))).isTrue();
    return supervisor;
  }

  @Test
  void directoryRotationGzipAndTimestampsSwitchWhileTheChildWritesAndNoLineIsLostOrDoubled()
      throws Exception {
    Path before = Files.createDirectories(tmp.resolve("before"));
    Path after = tmp.resolve("after");
    Path stop = tmp.resolve("stop");
    try (var supervisor =
        started(yaml(stop, "{directory: " + before + ", max-size: 64KiB, keep: 100}"))) {
      long pid = supervisor.status().pid();
      await().atMost(60, TimeUnit.SECONDS).until(() -> lines(before).size() >= 3000);

      save(
          yaml(
              stop,
              "{directory: "
                  + after
                  + ", max-size: 16KiB, keep: 100, gzip: true, timestamps: true}"));
      supervisor.reload(null);

      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(2);
      assertThat(supervisor.liveStatus().stdoutLog())
          .isEqualTo(after.resolve("live.out.log").toString());
      // The child goes on writing into the new place; then it is told to stop writing.
      await().atMost(60, TimeUnit.SECONDS).until(() -> lines(after).size() >= 6000);
      Files.writeString(stop, "");
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Files.readString(after.resolve("live.out.log")).endsWith(" end\n"));
      await() // the last rotations' compression
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> !names(after).anyMatch(n -> n.contains(".rotating-") || n.endsWith(".tmp")));

      assertThat(supervisor.status().pid()).as("the same child throughout").isEqualTo(pid);
      assertThat(supervisor.status().restarts()).isZero();

      List<String> old = lines(before);
      List<String> fresh = lines(after);
      assertThat(old).noneMatch(l -> STAMP.matcher(l).find()); // timestamps came with the switch
      assertThat(fresh.getLast()).matches(STAMP.pattern() + "end$");
      assertThat(fresh.subList(fresh.size() / 2, fresh.size()))
          .allMatch(l -> STAMP.matcher(l).find());
      assertThat(names(after).filter(n -> n.endsWith(".gz")).count())
          .as("rotated by the new max-size, compressed")
          .isGreaterThanOrEqualTo(3);
      assertThat(names(before).filter(n -> n.endsWith(".gz")).count()).isZero();

      List<String> all = new ArrayList<>(old);
      all.addAll(fresh);
      List<String> numbered =
          all.stream()
              .map(l -> STAMP.matcher(l).replaceFirst(""))
              .filter(l -> !l.equals("end"))
              .toList();
      for (int i = 0; i < numbered.size(); i++) {
        assertThat(numbered.get(i))
            .as("line %d of %d, in order, once", i, numbered.size())
            .isEqualTo("line " + i);
      }
      assertThat(old.size()).isGreaterThanOrEqualTo(3000);
      assertThat(fresh.size()).isGreaterThanOrEqualTo(6000);

      assertThat(log.all())
          .anyMatch(
              l ->
                  l.contains("configuration generation 2")
                      && l.contains(
                          "live [logs.directory, logs.max-size, logs.gzip, logs.timestamps]"));
    }
  }

  @Test
  void theFileWatchAndTheControlChannelsReloadTurnTimestampsOnAndOffForTheSameChild()
      throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path current = logs.resolve("live.out.log");
    Path stop = tmp.resolve("stop");
    try (var supervisor = started(yaml(stop, "{directory: " + logs + "}"))) {
      long pid = supervisor.status().pid();
      Path socket = tmp.resolve("control.sock");
      supervisor.serveControl(socket);
      await().atMost(60, TimeUnit.SECONDS).until(() -> lines(logs).size() >= 500);

      save(yaml(stop, "{directory: " + logs + ", timestamps: true}"));
      supervisor.reloadForChangedFiles(null); // what reload-on-change: true asks for
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(2);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> STAMP.matcher(Files.readAllLines(current).getLast()).find());

      save(yaml(stop, "{directory: " + logs + "}"));
      var reply =
          io.svc4j.supervisor.control.ControlClient.send(
              socket,
              io.svc4j.supervisor.control.SupervisorCommand.RELOAD,
              java.time.Duration.ofSeconds(30));
      assertThat(reply.ok()).as("%s", reply).isTrue();
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(3);
      int soFar = lines(logs).size();
      await().atMost(60, TimeUnit.SECONDS).until(() -> lines(logs).size() > soFar + 1000);
      Files.writeString(stop, "");
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.readString(current).endsWith("end\n"));

      assertThat(supervisor.status().pid()).as("the same child throughout").isEqualTo(pid);
      List<String> all = lines(logs);
      assertThat(all.getLast()).isEqualTo("end"); // stamps off again
      long stamped = all.stream().filter(l -> STAMP.matcher(l).find()).count();
      assertThat(stamped).isPositive();
      List<String> numbered =
          all.stream()
              .map(l -> STAMP.matcher(l).replaceFirst(""))
              .filter(l -> !l.equals("end"))
              .toList();
      for (int i = 0; i < numbered.size(); i++) {
        assertThat(numbered.get(i)).as("line %d, in order, once", i).isEqualTo("line " + i);
      }
    }
  }

  @Test
  void aNewLogDirectoryOthersCanWriteIsOneLocatedErrorAndTheCaptureStaysWhereItIs()
      throws Exception {
    Path before = Files.createDirectories(tmp.resolve("before"));
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path stop = tmp.resolve("stop");
    try (var supervisor = started(yaml(stop, "{directory: " + before + "}"))) {
      long pid = supervisor.status().pid();
      await().atMost(60, TimeUnit.SECONDS).until(() -> lines(before).size() >= 100);

      save(yaml(stop, "{directory: " + shared.resolve("logs") + ", max-size: 16KiB}"));
      supervisor.reload(null);

      var errors = log.errors();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0))
          .startsWith("live: " + file + ":5:")
          .contains("logs.directory")
          .contains("writable by every user")
          .endsWith("configuration generation 1 stays")
          .doesNotContain("\n");
      assertThat(supervisor.liveStatus().configGeneration()).isEqualTo(1);
      assertThat(supervisor.config().logs().directory()).isEqualTo(before);
      assertThat(supervisor.config().logs().maxSize()).isEqualTo(10L * 1024 * 1024);
      assertThat(supervisor.status().pid()).isEqualTo(pid);
      int now = lines(before).size();
      await().atMost(60, TimeUnit.SECONDS).until(() -> lines(before).size() > now + 100);
      assertThat(shared.resolve("logs").resolve("live.out.log")).doesNotExist();
    }
  }

  private static Stream<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList().stream();
    }
  }

  /**
   * Every line of {@code live.out.log} in {@code dir}, oldest first: the rotated files (.N and
   * .N.gz, highest N first: gzip was either off for all or on for all of them here), then the
   * current one.
   */
  private static List<String> lines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    for (int n = 1000; n >= 1; n--) {
      Path plain = dir.resolve("live.out.log." + n);
      Path gz = dir.resolve("live.out.log." + n + ".gz");
      if (Files.exists(plain)) {
        lines.addAll(Files.readAllLines(plain));
      }
      if (Files.exists(gz)) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
          lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
      }
    }
    Path current = dir.resolve("live.out.log");
    if (Files.exists(current)) {
      lines.addAll(Files.readAllLines(current));
    }
    return lines;
  }
}
