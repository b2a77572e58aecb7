package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.svc4j.watcher.BatchListener;
import io.svc4j.watcher.WatchEngine;
import io.svc4j.watcher.WatchOptions;
import io.svc4j.watcher.backend.JdkWatchBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command action with a real engine and a real shell script: one run per batch, never two at
 * once, the batches that settle during a run merged into the next one.
 */
class WatchCommandRunnerTest {

  @TempDir Path tmp;

  @Test
  void runsOncePerBatchNeverOverlappingAndQueuesChangesMadeDuringARun() throws Exception {
    Path watched = Files.createDirectories(tmp.resolve("watched"));
    Path runs = Files.createDirectories(tmp.resolve("runs"));
    Path release = tmp.resolve("release");
    Path lock = tmp.resolve("lock");
    Path overlap = tmp.resolve("overlap");
    Path script = tmp.resolve("action.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "mkdir '" + lock + "' 2>/dev/null || touch '" + overlap + "'",
            "f=$(mktemp '" + runs + "/run.XXXXXX')",
            "printf '%s' \"$SVC4J_WATCH_PATHS\" > \"$f.env\"",
            "cat > \"$f.json\"",
            // Held until the test releases it, so that changes arrive while it runs.
            "while [ ! -e '" + release + "' ]; do sleep 0.05; done",
            "rmdir '" + lock + "'",
            "mv \"$f\" \"$f.done\"",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    AtomicInteger batches = new AtomicInteger();
    try (WatchCommandRunner runner = new WatchCommandRunner(List.of(script.toString()))) {
      BatchListener counting =
          batch -> {
            runner.onBatch(batch);
            batches.incrementAndGet();
          };
      try (WatchEngine engine =
          new WatchEngine(WatchOptions.of(List.of(watched)), new JdkWatchBackend(), counting)) {
        engine.start();
        Path a = Files.writeString(watched.resolve("a1"), "x");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(runs, ".json") == 1);
        // Two more batches settle while the first run is held.
        Path b1 = Files.writeString(watched.resolve("b1"), "x");
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.get() == 2);
        Path b2 = Files.writeString(watched.resolve("b2"), "x");
        await().atMost(Duration.ofSeconds(60)).until(() -> batches.get() == 3);
        assertThat(count(runs, ".json")).isEqualTo(1);
        Files.writeString(release, "go");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(runs, ".done") == 2);
        assertThat(count(runs, ".json")).isEqualTo(2);
        assertThat(overlap).doesNotExist();
        List<List<String>> paths = new ArrayList<>();
        List<List<String>> envPaths = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path run : sorted(runs, ".json")) {
          List<String> p = new ArrayList<>();
          for (JsonNode n : json.readTree(run.toFile())) {
            assertThat(n.get("kind").asText()).isEqualTo("created");
            p.add(n.get("path").asText());
          }
          paths.add(p);
          Path env = run.resolveSibling(run.getFileName().toString().replace(".json", ".env"));
          envPaths.add(List.of(json.readValue(env.toFile(), String[].class)));
        }
        assertThat(paths)
            .containsExactlyInAnyOrder(
                List.of(a.toString()), List.of(b1.toString(), b2.toString()));
        assertThat(envPaths).containsExactlyInAnyOrderElementsOf(paths);
      }
    }
  }

  @Test
  void onBusyRestartStopsTheRunningCommandAndRunsItAgainWithBothBatches() throws Exception {
    Path watched = Files.createDirectories(tmp.resolve("watched"));
    Path runs = Files.createDirectories(tmp.resolve("runs"));
    Path release = tmp.resolve("release");
    Path lock = tmp.resolve("lock");
    Path overlap = tmp.resolve("overlap");
    Path script = tmp.resolve("action.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "f=$(mktemp '" + runs + "/run.XXXXXX')",
            "trap 'touch \"$f.term\"; rmdir \"" + lock + "\"; exit 143' TERM",
            "mkdir '" + lock + "' 2>/dev/null || touch '" + overlap + "'",
            "cat > \"$f.json\"",
            "while [ ! -e '" + release + "' ]; do sleep 0.05; done",
            "rmdir '" + lock + "'",
            "mv \"$f\" \"$f.done\"",
            ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    try (WatchCommandRunner runner =
            new WatchCommandRunner(List.of(script.toString()), WatchCommandRunner.OnBusy.RESTART);
        WatchEngine engine =
            new WatchEngine(WatchOptions.of(List.of(watched)), new JdkWatchBackend(), runner)) {
      engine.start();
      Path a = Files.writeString(watched.resolve("a1"), "x");
      await().atMost(Duration.ofSeconds(60)).until(() -> count(runs, ".json") == 1);
      Path b = Files.writeString(watched.resolve("b1"), "x");
      await().atMost(Duration.ofSeconds(60)).until(() -> count(runs, ".term") == 1);
      await().atMost(Duration.ofSeconds(60)).until(() -> count(runs, ".json") == 2);
      Files.writeString(release, "go");
      await().atMost(Duration.ofSeconds(60)).until(() -> count(runs, ".done") == 1);
      assertThat(overlap).doesNotExist();
      Path done = sorted(runs, ".done").get(0);
      Path json = done.resolveSibling(done.getFileName().toString().replace(".done", ".json"));
      List<String> paths = new ArrayList<>();
      for (JsonNode n : new ObjectMapper().readTree(json.toFile())) {
        paths.add(n.get("path").asText());
      }
      assertThat(paths).containsExactly(a.toString(), b.toString());
      assertThat(count(runs, ".term")).isEqualTo(1);
    }
  }

  private static long count(Path dir, String suffix) throws Exception {
    return sorted(dir, suffix).size();
  }

  private static List<Path> sorted(Path dir, String suffix) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix))
          .sorted((x, y) -> Long.compare(x.toFile().lastModified(), y.toFile().lastModified()))
          .toList();
    }
  }
}
