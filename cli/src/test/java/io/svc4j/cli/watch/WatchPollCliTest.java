package io.svc4j.cli.watch;

import static io.svc4j.cli.watch.WatchCommandTest.read;
import static io.svc4j.cli.watch.WatchCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.Svc4jJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code svc4j watch --backend poll} as a real process, and the options' one-line errors. */
class WatchPollCliTest {

  @TempDir Path tmp;

  @Test
  void thePollingBackendReportsAFileInANewDirectoryARenameAndADeletion() throws Exception {
    Path watched = Files.createDirectories(tmp.resolve("watched"));
    Path out = tmp.resolve("out.log");
    Path err = tmp.resolve("err.log");
    Process p =
        new ProcessBuilder(
                Svc4jJvm.small(
                    "watch", "--backend", "poll", "--poll-interval", "100ms", watched.toString()))
            .redirectError(err.toFile())
            .redirectOutput(out.toFile())
            .start();
    try {
      Path probe = watched.resolve("probe");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                assertThat(p.isAlive()).as(() -> read(err)).isTrue();
                Files.writeString(probe, "x");
                return read(out).contains("probe");
              });
      assertThat(read(err)).contains("watching by polling: every directory is listed every 100 ms");
      Path file = watched.resolve("new/deeper/app.conf");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "a=1");
      await().atMost(Duration.ofSeconds(30)).until(() -> read(out).contains("created " + file));
      Path moved = watched.resolve("new/deeper/app.yaml");
      Files.move(file, moved);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> read(out).contains("renamed " + file + " -> " + moved));
      Files.delete(moved);
      await().atMost(Duration.ofSeconds(30)).until(() -> read(out).contains("deleted " + moved));
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(() -> read(err)).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aPollIntervalWithoutThePollingBackendIsOneLine() {
    var r = run("watch", "--poll-interval", "1s", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: watch: --poll-interval goes with --backend poll only: add --backend"
                + " poll or drop it");
  }

  @Test
  void aTooShortPollIntervalIsOneLine() {
    var r = run("watch", "--backend", "poll", "--poll-interval", "0", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: watch: --poll-interval 0ms is too short: give at least 10ms (each poll"
                + " lists every directory)");
  }

  @Test
  void anUnknownBackendIsOneLine() {
    var r = run("watch", "--backend", "fsevents", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--backend").contains("POLL").doesNotContain("\tat ");
  }

  @Test
  void theBackendOnTheCommandLineGoesInTheFileWithAConfig() throws Exception {
    Path file = Files.writeString(tmp.resolve("w.yaml"), "watches: []\n");
    var r = run("watch", "--config", file.toString(), "--backend", "poll");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "svc4j: error: watch: --config "
                + file
                + " names the paths and actions: give no --backend with it (write them in the"
                + " file)");
  }
}
