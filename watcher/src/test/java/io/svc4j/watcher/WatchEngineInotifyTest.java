package io.svc4j.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.svc4j.watcher.backend.InotifyBackend;
import io.svc4j.watcher.backend.RawEvent;
import io.svc4j.watcher.backend.WatchBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with inotify through JNA (the default on Linux). */
class WatchEngineInotifyTest extends WatchEngineContract {

  @TempDir Path own;

  @Override
  WatchBackend backend() throws IOException {
    return new InotifyBackend();
  }

  /** Holds the backend's reader on its first event, so that the kernel's queue overflows. */
  private static final class HeldBackend implements WatchBackend {
    final InotifyBackend real;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch held = new CountDownLatch(1);

    HeldBackend() throws IOException {
      real = new InotifyBackend();
    }

    @Override
    public void start(Consumer<RawEvent> sink) {
      real.start(
          e -> {
            held.countDown();
            try {
              release.await(3, TimeUnit.MINUTES);
            } catch (InterruptedException x) {
              Thread.currentThread().interrupt();
            }
            sink.accept(e);
          });
    }

    @Override
    public void watch(Path dir) throws IOException {
      real.watch(dir);
    }

    @Override
    public void close() {
      release.countDown();
      real.close();
    }
  }

  @Test
  void aKernelQueueOverflowIsReportedAndTheRescanLosesNothing() throws Exception {
    long queued;
    try (InputStream in = Files.newInputStream(Path.of("/proc/sys/fs/inotify/max_queued_events"))) {
      queued = Long.parseLong(new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip());
    }
    // Each file is at least create + modify + close_write: 3 events.
    int files = (int) (queued / 2) + 1000;
    assumeTrue(files <= 50_000, "max_queued_events is too large to overflow quickly here");
    Path root = own.toRealPath();
    Path sub = Files.createDirectories(root.resolve("burst"));
    Collector c = new Collector();
    HeldBackend backend = new HeldBackend();
    // The engine's own queue is larger than the kernel's: an overflow here can only be the
    // kernel's.
    try (WatchEngine engine =
        new WatchEngine(
            WatchOptions.of(List.of(root)).withQueueCapacity((int) queued * 4), backend, c)) {
      engine.start();
      Files.writeString(root.resolve("trigger"), "1");
      assertThat(backend.held.await(60, TimeUnit.SECONDS)).isTrue();
      List<Path> expected = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        Path f = sub.resolve("f" + i);
        Files.writeString(f, "x");
        expected.add(f);
      }
      backend.release.countDown();
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> new HashSet<>(c.paths(EventKind.CREATED)).containsAll(expected));
      Path sentinel = root.resolve("sentinel");
      Files.writeString(sentinel, "s");
      await().atMost(Duration.ofSeconds(60)).until(() -> c.sawCreated(sentinel));
      assertThat(c.events())
          .anySatisfy(
              e -> {
                assertThat(e.kind()).isEqualTo(EventKind.OVERFLOW_RESCAN);
                assertThat(e.path()).isEqualTo(root);
              });
      List<Path> created =
          c.paths(EventKind.CREATED).stream().filter(p -> p.startsWith(sub)).toList();
      assertThat(created).hasSize(files).doesNotHaveDuplicates();
    }
  }

  @Test
  void aWatchedRootThatIsDeletedIsReportedWithEverythingInIt() throws Exception {
    Path root = Files.createDirectories(own.resolve("root")).toRealPath();
    Path file = Files.writeString(Files.createDirectories(root.resolve("a")).resolve("f"), "x");
    Collector c = new Collector();
    try (WatchEngine engine = new WatchEngine(WatchOptions.of(List.of(root)), backend(), c)) {
      engine.start();
      Files.delete(file);
      Files.delete(root.resolve("a"));
      Files.delete(root);
      await().atMost(Duration.ofSeconds(60)).until(() -> c.paths(EventKind.DELETED).contains(root));
      assertThat(c.paths(EventKind.DELETED))
          .containsExactlyInAnyOrder(file, root.resolve("a"), root);
    }
  }
}
