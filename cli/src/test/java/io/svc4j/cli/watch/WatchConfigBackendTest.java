package io.svc4j.cli.watch;

import static io.svc4j.cli.watch.WatchCommandTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.cli.Svc4jJvm;
import io.svc4j.supervisor.config.ConfigFileException;
import io.svc4j.watcher.backend.BackendChoice;
import io.svc4j.watcher.backend.PollBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backend:} and {@code poll-interval:} in a {@code svc4j watch --config} file. */
class WatchConfigBackendTest {

  @TempDir Path dir;

  private WatchConfig parse(String head) throws Exception {
    Files.createDirectories(dir.resolve("conf"));
    return WatchConfigFile.parse(
        dir.resolve("watch.yaml"), head + "watches: [{paths: [conf], actions: [log]}]\n");
  }

  @Test
  void theBackendAndItsIntervalAreRead() throws Exception {
    WatchConfig c = parse("backend: poll\npoll-interval: 250ms\n");
    assertThat(c.backend()).isEqualTo(BackendChoice.POLL);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
    WatchConfig plain = parse("");
    assertThat(plain.backend()).isEqualTo(BackendChoice.AUTO);
    assertThat(plain.interval()).isEqualTo(PollBackend.DEFAULT_INTERVAL);
  }

  @Test
  void anIntervalWithoutPollingAnUnknownBackendAndATooShortIntervalAreLocated() {
    Path file = dir.resolve("watch.yaml");
    assertThatThrownBy(() -> parse("backend: jdk\npoll-interval: 1s\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("poll-interval: goes with backend: poll only");
    assertThatThrownBy(() -> parse("backend: fsevents\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessageStartingWith(file + ":1:")
        .hasMessageContaining("fsevents")
        .hasMessageContaining("poll");
    assertThatThrownBy(() -> parse("backend: poll\npoll-interval: 5ms\n"))
        .isInstanceOf(ConfigFileException.class)
        .hasMessageContaining("poll-interval: 5ms is too short: give at least 10ms");
  }

  @Test
  void aConfiguredWatcherPollsWhenTheFileSaysSo() throws Exception {
    Path watched = Files.createDirectories(dir.resolve("conf"));
    Path file =
        Files.writeString(
            dir.resolve("watch.yaml"),
            "backend: poll\npoll-interval: 50ms\n"
                + "watches: [{name: polled, paths: [conf], actions: [log]}]\n");
    Path out = dir.resolve("out.log");
    Path err = dir.resolve("err.log");
    Process p =
        new ProcessBuilder(Svc4jJvm.small("watch", "--config", file.toString()))
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
                return read(err).contains("watch polled: ") && read(err).contains(probe.toString());
              });
      assertThat(read(err)).contains("watching by polling: every directory is listed every 50 ms");
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
  }
}
