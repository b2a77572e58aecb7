package io.svc4j.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.watcher.backend.InotifyBackend;
import io.svc4j.watcher.backend.WatchBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with inotify and no debounce: the backend's reader thread does the engine's work and
 * every group of events it read is a batch (no second thread). The whole contract again (its
 * coalescing tests keep their window), and what a save looks like without a window.
 */
class WatchEngineInotifyInlineTest extends WatchEngineContract {

  @TempDir Path own;

  @Override
  WatchBackend backend() throws IOException {
    return new InotifyBackend();
  }

  @Override
  WatchOptions tuned(WatchOptions given) {
    return given.withDebounce(Duration.ZERO);
  }

  @Test
  void withoutAWindowEverySaveByRenameIsAModifiedOfTheTargetWithItsSize() throws Exception {
    Path root = own.toRealPath();
    Path target = Files.writeString(root.resolve("app.conf"), "v0");
    Collector c = new Collector();
    try (WatchEngine engine =
        new WatchEngine(WatchOptions.of(List.of(root)).withDebounce(Duration.ZERO), backend(), c)) {
      engine.start();
      for (int i = 1; i <= 30; i++) {
        Path swap = root.resolve(".app.conf.swp");
        Files.writeString(swap, "v" + i);
        Files.writeString(swap, " more", StandardOpenOption.APPEND);
        Files.move(
            swap, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        int n = i;
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> c.paths(EventKind.MODIFIED).stream().filter(target::equals).count() >= n);
      }
      List<WatchEvent> last =
          c.events().stream()
              .filter(e -> e.kind() == EventKind.MODIFIED && e.path().equals(target))
              .toList();
      assertThat(last).hasSize(30);
      assertThat(last.get(29).size()).isEqualTo(Files.size(target));
      // The temporary file may be reported (no window hides it), but never as left behind: what
      // was reported of it ends in its deletion.
      List<WatchEvent> swap =
          c.events().stream()
              .filter(e -> e.path().getFileName().toString().equals(".app.conf.swp"))
              .toList();
      if (!swap.isEmpty()) {
        assertThat(swap.get(swap.size() - 1).kind()).isEqualTo(EventKind.DELETED);
      }
      assertThat(c.events()).allMatch(e -> e.kind() != EventKind.RENAMED);
    }
  }
}
