package io.svc4j.watcher.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the polling backend itself reports, before the engine looks at the paths. */
class PollBackendTest {

  @TempDir Path dir;

  @Test
  void aRewriteOfTheSameSizeATouchADeletionAndTheWatchedDirectoryGoingAreEachReported()
      throws Exception {
    Path d = Files.createDirectory(dir.toRealPath().resolve("w"));
    Path same = Files.writeString(d.resolve("same-size"), "aaaa");
    Path touched = Files.writeString(d.resolve("touched"), "t");
    Path doomed = Files.writeString(d.resolve("doomed"), "d");
    Path quiet = Files.writeString(d.resolve("quiet"), "q");
    List<Path> got = new CopyOnWriteArrayList<>();
    try (var backend = new PollBackend(Duration.ofMillis(20))) {
      backend.watch(d);
      backend.start(e -> got.add(e.path()));

      Files.writeString(same, "bbbb"); // same size: seen by its mtime
      Files.setLastModifiedTime(same, FileTime.from(Instant.now().plusSeconds(5)));
      Files.setLastModifiedTime(touched, FileTime.from(Instant.now().minusSeconds(3600)));
      Files.delete(doomed);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> got.containsAll(List.of(same, touched, doomed)));
      assertThat(got).doesNotContain(quiet, d);

      Files.delete(same);
      Files.delete(touched);
      Files.delete(quiet);
      Files.delete(d); // the watched directory itself: reported once, then no longer listed
      await().atMost(Duration.ofSeconds(30)).until(() -> got.contains(d));
    }
    assertThat(got.stream().filter(d::equals)).hasSize(1);
  }

  @Test
  void aSubdirectoryIsNotReportedForChangesInsideIt() throws Exception {
    Path d = dir.toRealPath();
    Path sub = Files.createDirectory(d.resolve("sub"));
    List<Path> got = new CopyOnWriteArrayList<>();
    try (var backend = new PollBackend(Duration.ofMillis(20))) {
      backend.watch(d);
      backend.watch(sub);
      backend.start(e -> got.add(e.path()));
      Path inside = Files.writeString(sub.resolve("f"), "x"); // changes sub's mtime
      Path marker = Files.writeString(d.resolve("marker"), "m");
      // The top directory is listed after sub's change: once its marker is seen, so was sub.
      await().atMost(Duration.ofSeconds(30)).until(() -> got.containsAll(List.of(inside, marker)));
    }
    assertThat(got).doesNotContain(sub);
  }

  @Test
  void anIntervalBelowOneMillisecondIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PollBackend(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1ms");
  }
}
