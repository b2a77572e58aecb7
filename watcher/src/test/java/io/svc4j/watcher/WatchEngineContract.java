package io.svc4j.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.watcher.backend.WatchBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on real directories, the same tests for each backend (subclasses). */
abstract class WatchEngineContract {

  abstract WatchBackend backend() throws IOException;

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private WatchEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private Path root() throws IOException {
    return dir.toRealPath();
  }

  /** The options every test runs with, from those it gives (a subclass may set no debounce). */
  WatchOptions tuned(WatchOptions given) {
    return given;
  }

  private WatchEngine start(WatchOptions options, BatchListener listener) throws IOException {
    return startAsGiven(tuned(options), listener);
  }

  /** For the tests of coalescing within the debounce window: that window, whatever the subclass. */
  private WatchEngine startAsGiven(WatchOptions options, BatchListener listener)
      throws IOException {
    engine = new WatchEngine(options, backend(), listener);
    engine.start();
    return engine;
  }

  /** Every event before the sentinel's creation has been delivered once it is seen. */
  private static void settle(Collector c, Path root, String name) throws IOException {
    Path sentinel = root.resolve(name);
    Files.writeString(sentinel, "s");
    await().atMost(WAIT).until(() -> c.sawCreated(sentinel));
  }

  @Test
  void filesInDirectoriesCreatedRightAfterStartAreEachReportedOnce() throws IOException {
    Path root = root();
    Collector c = new Collector();
    start(WatchOptions.of(List.of(root)), c);
    Set<Path> expected = new HashSet<>();
    for (int t = 0; t < 20; t++) {
      Path deep = root.resolve("t" + t).resolve("a/b/c/d");
      Files.createDirectories(deep);
      // Written at once after mkdir -p: before the engine can have watched the new directories.
      for (Path level = deep; !level.equals(root); level = level.getParent()) {
        for (int i = 0; i < 3; i++) {
          Path f = level.resolve("f" + i);
          Files.writeString(f, "x");
          expected.add(f);
        }
        expected.add(level);
      }
    }
    await()
        .atMost(WAIT)
        .until(() -> new HashSet<>(c.paths(EventKind.CREATED)).containsAll(expected));
    settle(c, root, "sentinel");
    List<Path> created = c.paths(EventKind.CREATED);
    assertThat(created).doesNotHaveDuplicates();
    assertThat(new HashSet<>(created)).isEqualTo(union(expected, root.resolve("sentinel")));
    // A file's create and its write are two system calls: on a loaded machine the test thread can
    // be descheduled between them for longer than the 50 ms debounce, and the write is then a
    // later batch's `modified` (seen in CI). Coalescing is writesWithinTheWindowCoalesce's test;
    // here only files may be modified, each at most once (with a window: without one, the write
    // and the close may each be a batch of their own).
    assertThat(c.paths(EventKind.MODIFIED))
        .allMatch(p -> expected.contains(p) || p.equals(root.resolve("sentinel")));
    if (!tuned(WatchOptions.of(List.of(root))).debounce().isZero()) {
      assertThat(c.paths(EventKind.MODIFIED)).doesNotHaveDuplicates();
    }
    assertThat(c.paths(EventKind.MODIFIED)).noneMatch(Files::isDirectory);
  }

  @Test
  void anEditorsSaveByRenameIsOneModifiedOfTheTargetAndTheWatchSurvives() throws IOException {
    Path root = root();
    Path target = root.resolve("app.conf");
    Files.writeString(target, "v0");
    Collector c = new Collector();
    startAsGiven(WatchOptions.of(List.of(root)), c);
    int saves = 30;
    for (int i = 1; i <= saves; i++) {
      Path swap = root.resolve(".app.conf.swp");
      Files.writeString(swap, "v" + i);
      Files.writeString(swap, "v" + i + " more", java.nio.file.StandardOpenOption.APPEND);
      Files.move(swap, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      int n = i;
      await().atMost(WAIT).until(() -> c.paths(EventKind.MODIFIED).size() >= n);
    }
    settle(c, root, "sentinel");
    // A backend that polls can look between the write of the swap file and its rename (the
    // kernel's events never can inside a window); what it saw of the swap file must end deleted.
    List<WatchEvent> swap =
        c.events().stream()
            .filter(e -> e.path().getFileName().toString().equals(".app.conf.swp"))
            .toList();
    if (!swap.isEmpty()) {
      assertThat(swap.get(swap.size() - 1).kind()).isEqualTo(EventKind.DELETED);
    }
    List<WatchEvent> events = c.events().stream().filter(e -> !swap.contains(e)).toList();
    assertThat(events).hasSize(saves + 1);
    assertThat(events.subList(0, saves))
        .allSatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(EventKind.MODIFIED);
              assertThat(e.path()).isEqualTo(target);
              assertThat(e.type()).isEqualTo(FileType.FILE);
              assertThat(e.size()).isPositive();
            });
    assertThat(events.get(saves - 1).size()).isEqualTo(Files.size(target));
  }

  @Test
  void writesWithinTheWindowCoalesce() throws IOException {
    Path root = root();
    Collector c = new Collector();
    startAsGiven(WatchOptions.of(List.of(root)).withDebounce(Duration.ofMillis(300)), c);
    Path kept = root.resolve("kept.txt");
    Files.writeString(kept, "a");
    Files.writeString(kept, "ab", java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(kept, "abc", java.nio.file.StandardOpenOption.APPEND);
    Path gone = root.resolve("gone.txt");
    Files.writeString(gone, "x");
    Files.delete(gone);
    await().atMost(WAIT).until(() -> c.sawCreated(kept));
    settle(c, root, "sentinel");
    assertThat(c.events())
        .extracting(WatchEvent::kind, WatchEvent::path)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(EventKind.CREATED, kept),
            org.assertj.core.groups.Tuple.tuple(EventKind.CREATED, root.resolve("sentinel")));
  }

  @Test
  void renamesAndSubtreeDeletionsAreReported() throws IOException {
    Path root = root();
    Path sub = Files.createDirectories(root.resolve("sub/deeper"));
    Files.writeString(sub.resolve("x"), "1");
    Files.writeString(root.resolve("old-name"), "2");
    Collector c = new Collector();
    start(WatchOptions.of(List.of(root)), c);
    Files.move(root.resolve("old-name"), root.resolve("new-name"));
    settle(c, root, "s1");
    assertThat(c.events())
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(EventKind.RENAMED);
              assertThat(e.path()).isEqualTo(root.resolve("new-name"));
              assertThat(e.oldPath()).contains(root.resolve("old-name"));
            });
    Files.delete(sub.resolve("x"));
    Files.delete(sub);
    Files.delete(root.resolve("sub"));
    settle(c, root, "s2");
    assertThat(c.paths(EventKind.DELETED))
        .contains(sub.resolve("x"), sub, root.resolve("sub"))
        .doesNotHaveDuplicates();
    // A directory renamed inside the tree: what happens in it afterwards has its new path.
    Files.createDirectories(root.resolve("before/inner"));
    settle(c, root, "s3");
    Files.move(root.resolve("before"), root.resolve("after"));
    settle(c, root, "s4");
    Path late = Files.writeString(root.resolve("after/inner/late"), "x");
    settle(c, root, "s5");
    assertThat(c.paths(EventKind.CREATED)).contains(late);
    assertThat(c.events()).noneMatch(e -> e.path().toString().contains("before/inner/late"));
  }

  @Test
  void tenThousandFilesInNewNestedDirectoriesAreEachReportedOnce() throws IOException {
    Path root = root();
    Collector c = new Collector();
    start(WatchOptions.of(List.of(root)), c);
    Set<Path> expected = new HashSet<>();
    for (int d = 0; d < 100; d++) {
      Path sub = Files.createDirectories(root.resolve("d" + d / 10).resolve("e" + d));
      for (int i = 0; i < 100; i++) {
        Path f = sub.resolve("f" + i);
        Files.writeString(f, "x");
        expected.add(f);
      }
    }
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> new HashSet<>(c.paths(EventKind.CREATED)).containsAll(expected));
    settle(c, root, "sentinel");
    List<Path> files =
        c.paths(EventKind.CREATED).stream()
            .filter(p -> p.getFileName().toString().startsWith("f"))
            .toList();
    assertThat(files).hasSize(10_000).doesNotHaveDuplicates();
  }

  @Test
  void aForcedOverflowIsReportedAndTheRescanLosesNothing() throws Exception {
    Path root = root();
    for (int d = 0; d < 10; d++) {
      Files.createDirectories(root.resolve("burst" + d));
    }
    CountDownLatch release = new CountDownLatch(1);
    Collector c = new Collector();
    BatchListener blocking =
        batch -> {
          c.onBatch(batch);
          try {
            // Holds the engine on the first batch so that the backend's queue (16) overflows.
            release.await(2, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    start(WatchOptions.of(List.of(root)).withQueueCapacity(16), blocking);
    Path first = root.resolve("trigger");
    Files.writeString(first, "1");
    await().atMost(WAIT).until(() -> c.sawCreated(first));
    List<Path> expected = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      // Existing, watched directories: their events go through the queue, which overflows.
      Path sub = root.resolve("burst" + d);
      for (int i = 0; i < 1_000; i++) {
        Path f = sub.resolve("f" + i);
        Files.writeString(f, "x");
        expected.add(f);
      }
    }
    release.countDown();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> new HashSet<>(c.paths(EventKind.CREATED)).containsAll(expected));
    settle(c, root, "sentinel");
    assertThat(c.events())
        .anySatisfy(e -> assertThat(e.kind()).isEqualTo(EventKind.OVERFLOW_RESCAN));
    List<Path> files =
        c.paths(EventKind.CREATED).stream()
            .filter(p -> p.getFileName().toString().startsWith("f"))
            .toList();
    assertThat(files).hasSize(10_000).doesNotHaveDuplicates();
    assertThat(c.events())
        .filteredOn(e -> e.kind() == EventKind.CREATED && expected.contains(e.path()))
        .anySatisfy(e -> assertThat(e.fromRescan()).isTrue());
  }

  @Test
  void globsSelectWhatIsReported() throws IOException {
    Path root = root();
    Collector c = new Collector();
    start(
        WatchOptions.of(List.of(root))
            .withFilter(PathFilter.of(List.of("*.conf", "sentinel"), List.of("skip/**"))),
        c);
    Files.createDirectories(root.resolve("skip"));
    Files.createDirectories(root.resolve("keep"));
    Files.writeString(root.resolve("skip/a.conf"), "x");
    Files.writeString(root.resolve("keep/b.conf"), "x");
    Files.writeString(root.resolve("keep/c.txt"), "x");
    settle(c, root, "sentinel");
    assertThat(c.paths(EventKind.CREATED))
        .containsExactlyInAnyOrder(root.resolve("keep/b.conf"), root.resolve("sentinel"));
  }

  private static Set<Path> union(Set<Path> a, Path b) {
    Set<Path> s = new HashSet<>(a);
    s.add(b);
    return s;
  }
}
