package io.svc4j.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.watcher.backend.WatchBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a state file, a restarted watcher first reports what changed while it was stopped. */
class WatchStateTest {

  @TempDir Path tmp;

  @Test
  void changesMadeWhileStoppedAreTheFirstBatchAfterARestart() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path state = tmp.resolve("watch.state");
    Files.writeString(root.resolve("kept"), "1");
    Files.writeString(root.resolve("changed"), "1");
    Files.writeString(root.resolve("removed"), "1");
    WatchOptions options = WatchOptions.of(List.of(root)).withStateFile(state);
    Collector first = new Collector();
    try (WatchEngine e = new WatchEngine(options, WatchBackends.preferred(), first)) {
      e.start();
    }
    assertThat(state).exists();
    assertThat(first.events()).isEmpty();

    Files.writeString(root.resolve("changed"), "12345");
    Files.delete(root.resolve("removed"));
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/added"), "x");

    Collector second = new Collector();
    try (WatchEngine e = new WatchEngine(options, WatchBackends.preferred(), second)) {
      e.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> !second.batches().isEmpty());
      assertThat(second.batches().get(0))
          .extracting(WatchEvent::kind, WatchEvent::path, WatchEvent::fromRescan)
          .containsExactlyInAnyOrder(
              Tuple.tuple(EventKind.MODIFIED, root.resolve("changed"), true),
              Tuple.tuple(EventKind.DELETED, root.resolve("removed"), true),
              Tuple.tuple(EventKind.CREATED, root.resolve("sub"), true),
              Tuple.tuple(EventKind.CREATED, root.resolve("sub/added"), true));
    }
  }

  @Test
  void aFileThatIsNotASnapshotIsRefusedNamingIt() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path state = Files.writeString(tmp.resolve("not-a-state"), "hello\n");
    WatchEngine e =
        new WatchEngine(
            WatchOptions.of(List.of(root)).withStateFile(state),
            WatchBackends.preferred(),
            b -> {});
    assertThatThrownBy(e::start)
        .isInstanceOf(IOException.class)
        .hasMessage(state + " is not a svc4j watch snapshot: remove it or name another file");
  }
}
