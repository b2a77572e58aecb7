package io.svc4j.e2e.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code svc4j watch --json} in Wine's Windows JVM on a directory tree: the Windows backend (one
 * {@code ReadDirectoryChangesW} watch over the whole tree, {@code bWatchSubtree}) as Wine
 * implements it. Each change is made on the tree, then awaited, then the next one: every change
 * must be reported once, with its kind, and nothing else. A file in a new directory is reported by
 * the tree's watch itself: no watch is added for the new directory.
 */
class WatchTreeUnderWineE2eTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern EVENT =
      Pattern.compile("\"kind\":\"([a-z-]+)\",\"path\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static WineSession wine;
  private static Path dist;

  @BeforeAll
  static void startWine() throws Exception {
    dist = Path.of(System.getProperty("svc4j.dist.dir"));
    assertThat(dist.resolve("svc4j.jar")).as("build the CLI first (mvn install)").exists();
    wine = WineSession.start();
  }

  @AfterAll
  static void stopWine() throws Exception {
    if (wine != null) {
      wine.close();
    }
  }

  /** One reported change: its kind and its Windows path relative to the watched tree. */
  record Change(String kind, String path) {}

  @Test
  void changesInATreeAreEachReportedOnceWithTheirKind() throws Exception {
    Path root = wine.dir.resolve("runs").resolve("watch-tree");
    delete(root);
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub").resolve("keep.txt"), "1");
    Files.writeString(root.resolve("old.txt"), "rename me");
    Files.writeString(root.resolve("gone.txt"), "delete me");
    Path out = wine.dir.resolve("runs").resolve("watch-tree.out");
    Process watch =
        wine.javaJarCommand(
                dist.resolve("svc4j.jar"),
                "watch",
                "--json",
                "--debounce",
                "100ms",
                WineSession.windowsPath(root))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    try {
      String prefix = WineSession.windowsPath(root) + "\\";
      // The watch is in place once a probe file is reported (a new probe each try).
      int[] probe = {0};
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                assertThat(watch.isAlive()).as(() -> read(out)).isTrue();
                Files.writeString(root.resolve("probe" + ++probe[0]), "p");
                return changes(out, prefix).stream().anyMatch(c -> c.path().startsWith("probe"));
              });
      int before = changes(out, prefix).size();

      Files.writeString(root.resolve("sub").resolve("a.txt"), "new");
      awaitChange(out, prefix, new Change("created", "sub\\a.txt"));

      Files.writeString(root.resolve("sub").resolve("keep.txt"), "12");
      awaitChange(out, prefix, new Change("modified", "sub\\keep.txt"));

      // Paired by the file index (GetFileInformationByHandle): the JDK gives no identity there.
      Files.move(root.resolve("old.txt"), root.resolve("new.txt"));
      awaitChange(out, prefix, new Change("renamed", "new.txt"));

      Files.delete(root.resolve("gone.txt"));
      awaitChange(out, prefix, new Change("deleted", "gone.txt"));

      Path deeper = Files.createDirectories(root.resolve("fresh").resolve("deeper"));
      awaitChange(out, prefix, new Change("created", "fresh\\deeper"));
      // Written once the new directory is reported, not at once: Wine (unlike Windows, whose
      // subtree watch is the file system's) adds an inotify watch for a new subdirectory only
      // when it hears of it, and a file written in that moment is never reported (seen here).
      Files.writeString(deeper.resolve("f.txt"), "in a new directory");
      awaitChange(out, prefix, new Change("created", "fresh\\deeper\\f.txt"));

      Files.writeString(root.resolve("sentinel"), "s");
      awaitChange(out, prefix, new Change("created", "sentinel"));

      List<Change> all = changes(out, prefix);
      assertThat(all.subList(before, all.size()))
          .as(() -> read(out))
          .filteredOn(c -> !c.path().startsWith("probe"))
          .containsExactlyInAnyOrder(
              new Change("created", "sub\\a.txt"),
              new Change("modified", "sub\\keep.txt"),
              new Change("renamed", "new.txt"),
              new Change("deleted", "gone.txt"),
              new Change("created", "fresh"),
              new Change("created", "fresh\\deeper"),
              new Change("created", "fresh\\deeper\\f.txt"),
              new Change("created", "sentinel"));
      assertThat(read(out))
          .contains("\"oldPath\":\"" + (prefix + "old.txt").replace("\\", "\\\\") + "\"");
    } finally {
      watch.destroyForcibly();
      watch.waitFor();
    }
  }

  private static void awaitChange(Path out, String prefix, Change expected) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(changes(out, prefix)).as(() -> read(out)).contains(expected));
  }

  private static List<Change> changes(Path out, String prefix) {
    List<Change> changes = new ArrayList<>();
    for (String line : read(out).lines().toList()) {
      Matcher m = EVENT.matcher(line);
      if (m.find()) {
        String path = m.group(2).replace("\\\\", "\\");
        changes.add(
            new Change(
                m.group(1), path.startsWith(prefix) ? path.substring(prefix.length()) : path));
      }
    }
    return changes;
  }

  private static String read(Path out) {
    try {
      return Files.readString(out, StandardCharsets.UTF_8).replace("\r", "");
    } catch (java.io.IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static void delete(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
