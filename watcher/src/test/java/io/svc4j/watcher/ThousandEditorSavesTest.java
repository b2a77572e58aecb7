package io.svc4j.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.watcher.backend.InotifyBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's editor test at its full size: 1,000 vim-style saves (write {@code .swp}, rename it
 * over the original) are 1,000 {@code modified} events of the original path, and the watch on it is
 * still live afterwards. Each save waits for its event, so the debounce window never merges two.
 */
class ThousandEditorSavesTest {

  private static final int SAVES = 1000;

  @TempDir Path dir;

  @Test
  void aThousandSavesByRenameAreAThousandModifiedOfTheOriginalAndTheWatchStaysLive()
      throws Exception {
    Path root = dir.toRealPath();
    Path target = Files.writeString(root.resolve("app.conf"), "v0");
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    AtomicInteger modified = new AtomicInteger();
    BatchListener listener =
        batch -> {
          events.addAll(batch);
          batch.stream()
              .filter(e -> e.kind() == EventKind.MODIFIED && e.path().equals(target))
              .forEach(e -> modified.incrementAndGet());
        };
    var options = WatchOptions.of(List.of(root)).withDebounce(Duration.ofMillis(5));
    try (WatchEngine engine = new WatchEngine(options, new InotifyBackend(), listener)) {
      engine.start();
      for (int i = 1; i <= SAVES; i++) {
        Path swap = root.resolve(".app.conf.swp");
        Files.writeString(swap, "v" + i);
        Files.writeString(swap, " saved", StandardOpenOption.APPEND);
        Files.move(
            swap, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        int n = i;
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> modified.get() >= n);
      }
      assertThat(modified.get()).isEqualTo(SAVES);
      assertThat(events)
          .filteredOn(e -> e.path().equals(target))
          .allSatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.MODIFIED));
      // The swap file normally lives inside one window and never shows; on a loaded machine a
      // save can straddle two windows, and then what was reported of it ends in its deletion.
      List<WatchEvent> swap =
          events.stream().filter(e -> e.path().getFileName().toString().endsWith(".swp")).toList();
      if (!swap.isEmpty()) {
        assertThat(swap.get(swap.size() - 1).kind()).isEqualTo(EventKind.DELETED);
      }

      // Still watched: a plain append to the file that was replaced 1,000 times is seen.
      Files.writeString(target, " appended", StandardOpenOption.APPEND);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> modified.get() == SAVES + 1);
      assertThat(events.get(events.size() - 1).size()).isEqualTo(Files.size(target));
    }
  }
}
