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
    changesMadeWhileStoppedAreTheFirstBatch(WatchOptions.DEFAULT_DEBOUNCE);
  }

  /** Without a debounce the inotify reader delivers that batch and saves the state on close. */
  @Test
  void withoutADebounceToo() throws Exception {
    changesMadeWhileStoppedAreTheFirstBatch(Duration.ZERO);
  }

  private void changesMadeWhileStoppedAreTheFirstBatch(Duration debounce) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path state = tmp.resolve("watch.state");
    Files.writeString(root.resolve("kept"), "1");
    Files.writeString(root.resolve("changed"), "1");
    Files.writeString(root.resolve("removed"), "1");
    WatchOptions options =
        WatchOptions.of(List.of(root)).withStateFile(state).withDebounce(debounce);
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

  @Test
  void hashedFilesAreJudgedByContentTheOthersBySizeAndMtime() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path state = tmp.resolve("watch.state");
    Path touched = Files.writeString(root.resolve("touched.conf"), "same");
    Path sneaky = Files.writeString(root.resolve("sneaky.conf"), "aaaa");
    Path plain = Files.writeString(root.resolve("plain.txt"), "aaaa");
    WatchOptions options =
        WatchOptions.of(List.of(root)).withStateFile(state).withHashed(List.of("*.conf"));
    try (WatchEngine e = new WatchEngine(options, WatchBackends.preferred(), b -> {})) {
      e.start();
    }
    assertThat(Files.readString(state))
        .as("only the hashed files have a hash")
        .containsPattern("\t[0-9a-f]{64}\t" + java.util.regex.Pattern.quote(sneaky.toString()))
        .containsPattern("\t-\t" + java.util.regex.Pattern.quote(plain.toString()));

    // While stopped: the same content rewritten with a new mtime (a checkout, a copy) ...
    Files.writeString(touched, "same");
    Files.setLastModifiedTime(
        touched, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    // ... and a different content of the same size with the old mtime put back (rsync -t, tar).
    for (Path p : List.of(sneaky, plain)) {
      var mtime = Files.getLastModifiedTime(p);
      Files.writeString(p, "bbbb");
      Files.setLastModifiedTime(p, mtime);
    }

    Collector second = new Collector();
    try (WatchEngine e = new WatchEngine(options, WatchBackends.preferred(), second)) {
      e.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> !second.batches().isEmpty());
      // Hashed: the touched file is not a change, the sneaky one is. Not hashed: the sneaky
      // change of plain.txt is not seen (same size, mtime and inode): that is what hashing is for.
      assertThat(second.batches().get(0))
          .extracting(WatchEvent::kind, WatchEvent::path)
          .containsExactly(Tuple.tuple(EventKind.MODIFIED, sneaky));
    }
  }

  @Test
  void aVersionOneSnapshotWithoutHashesIsStillRead() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path f = Files.writeString(root.resolve("a"), "1");
    Path state =
        Files.writeString(
            tmp.resolve("v1.state"),
            "# svc4j watch snapshot v1\nDIRECTORY\t-1\t1\t-\t"
                + root
                + "\nFILE\t9\t1\t-\t"
                + f
                + "\n");
    Collector c = new Collector();
    try (WatchEngine e =
        new WatchEngine(
            WatchOptions.of(List.of(root)).withStateFile(state), WatchBackends.preferred(), c)) {
      e.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> !c.batches().isEmpty());
      assertThat(c.batches().get(0))
          .extracting(WatchEvent::kind, WatchEvent::path)
          .containsExactly(Tuple.tuple(EventKind.MODIFIED, f));
    }
    assertThat(Files.readString(state)).startsWith("# svc4j watch snapshot v2\n");
  }
}
