package io.svc4j.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.watcher.backend.InotifyBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole subtrees moved into and out of the watched tree (issue 11: "deletes and moves of whole
 * subtrees"): what arrives is reported file by file and is watched from then on; what leaves is
 * reported as deleted, file by file, and nothing under its new place is reported any more.
 */
class SubtreeMovesTest {

  @TempDir Path dir;

  @Test
  void aSubtreeMovedInIsReportedAndWatchedAndOneMovedOutIsDeleted() throws Exception {
    Path root = Files.createDirectory(dir.toRealPath().resolve("watched"));
    Path outside = Files.createDirectory(dir.toRealPath().resolve("outside"));
    Path tree = outside.resolve("tree");
    for (String sub : List.of("a", "a/b", "a/b/c", "d")) {
      Files.createDirectories(tree.resolve(sub));
      for (int i = 0; i < 5; i++) {
        Files.writeString(tree.resolve(sub).resolve("f" + i), sub + i);
      }
    }
    Collector c = new Collector();
    var options = WatchOptions.of(List.of(root)).withDebounce(Duration.ofMillis(20));
    try (WatchEngine engine = new WatchEngine(options, new InotifyBackend(), c)) {
      engine.start();

      Path arrived = root.resolve("tree");
      Files.move(tree, arrived);
      Set<Path> files;
      try (var walk = Files.walk(arrived)) {
        files = walk.filter(Files::isRegularFile).collect(Collectors.toSet());
      }
      assertThat(files).hasSize(20);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> c.paths(EventKind.CREATED).containsAll(files));
      assertThat(c.paths(EventKind.CREATED)).doesNotHaveDuplicates();

      // Watched from then on, down to the deepest directory that came with it.
      Path deep = arrived.resolve("a/b/c/new");
      Files.writeString(deep, "x");
      await().atMost(Duration.ofSeconds(30)).until(() -> c.sawCreated(deep));

      Path gone = outside.resolve("gone");
      Files.move(arrived, gone);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> c.paths(EventKind.DELETED).containsAll(files));
      assertThat(c.paths(EventKind.DELETED)).contains(deep).doesNotHaveDuplicates();

      // Its new place is outside the watch: changes there are not reported.
      int before = c.events().size();
      Files.writeString(gone.resolve("a/b/c/later"), "y");
      Path sentinel = Files.writeString(root.resolve("sentinel"), "z");
      await().atMost(Duration.ofSeconds(30)).until(() -> c.sawCreated(sentinel));
      assertThat(c.events().subList(before, c.events().size()))
          .extracting(WatchEvent::path)
          .containsExactly(sentinel);
    }
  }
}
