package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.svc4j.cli.Svc4j;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real inotify watch limit: {@code svc4j watch} runs in a user namespace of its own whose
 * {@code user.max_inotify_watches} is 5 (the machine's limit is untouched): on a tree of 8
 * directories it fails by default and keeps watching 5 with {@code --on-watch-limit degrade}; a
 * limit reached later by a new directory is one line too, and the watcher goes on.
 */
class WatchLimitCliTest {

  @TempDir Path tmp;

  @Test
  void reachingTheRealWatchLimitIsOneLineNamingTheSysctl() throws Exception {
    assumeTrue(Files.exists(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
    Path tree = Files.createDirectories(tmp.resolve("tree/a/b/c/d/e/f/g"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    String script =
        "echo 5 > /proc/sys/user/max_inotify_watches && exec \"$0\" -Xmx128m -cp \"$1\" "
            + Svc4j.class.getName()
            + " watch \"$2\"";
    Process p =
        new ProcessBuilder(
                List.of(
                    "unshare",
                    "-U",
                    "-r",
                    "sh",
                    "-c",
                    script,
                    java,
                    cp,
                    tmp.resolve("tree").toString()))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.log").toFile())
            .start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(tmp.resolve("out.log"));
    assertThat(p.exitValue()).as(out).isNotZero();
    assertThat(out)
        .contains("the inotify watch limit is reached: the watched trees need 8 directory watches")
        .contains("this user namespace allows 5")
        .containsPattern("fs.inotify.max_user_watches is [0-9]{2,}")
        .contains("sudo sysctl fs.inotify.max_user_watches=")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(out.strip().lines().filter(l -> l.contains("inotify"))).hasSize(1);
    assertThat(tree).isDirectory();
  }

  /** {@code svc4j watch ARGS} in a user namespace whose inotify watch limit is 5. */
  private Process watchWithLimitFive(String... args) throws Exception {
    assumeTrue(Files.exists(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String script =
        "echo 5 > /proc/sys/user/max_inotify_watches && java=\"$0\" cp=\"$1\" && shift && exec"
            + " \"$java\" -Xmx128m -cp \"$cp\" "
            + Svc4j.class.getName()
            + " watch \"$@\"";
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "-U",
                "-r",
                "sh",
                "-c",
                script,
                java,
                System.getProperty("java.class.path")));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("out.log").toFile())
        .start();
  }

  private String out() {
    return WatchCommandTest.read(tmp.resolve("out.log"));
  }

  /** Touches {@code probe} until the watcher reports it: then its watches are in place. */
  private void awaitReported(Process p, Path probe) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              assertThat(p.isAlive()).as(this::out).isTrue();
              Files.writeString(probe, "x");
              return out().contains(probe.toString());
            });
  }

  @Test
  void withDegradeTheWatcherKeepsWatchingTheDirectoriesItCould() throws Exception {
    Path root = tmp.resolve("tree");
    Path deepest = Files.createDirectories(root.resolve("a/b/c/d/e/f/g"));
    Process p = watchWithLimitFive("--on-watch-limit", "degrade", root.toString());
    try {
      // The walk watches the root and a, b, c, d (5); e, f, g are refused.
      awaitReported(p, root.resolve("probe"));
      assertThat(out())
          .contains(
              "the inotify watch limit is reached: the watched trees need 8 directory watches")
          .contains("this user namespace allows 5")
          .contains("sudo sysctl fs.inotify.max_user_watches=")
          .contains("watching 5 of them, changes in the other 3 directories are not seen")
          .doesNotContain("\tat ");
      assertThat(out().lines().filter(l -> l.contains("inotify watch limit"))).hasSize(1);
      Path watchedDeep = root.resolve("a/b/c/d/seen.txt");
      Files.writeString(deepest.resolve("unseen.txt"), "x");
      Files.writeString(watchedDeep, "x");
      await().atMost(Duration.ofSeconds(30)).until(() -> out().contains(watchedDeep.toString()));
      assertThat(out()).doesNotContain("unseen.txt");
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(this::out).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aLimitReachedByANewDirectoryIsOneLineAndTheWatcherGoesOn() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("tree/a/b"));
    root = tmp.resolve("tree");
    Process p = watchWithLimitFive(root.toString());
    try {
      awaitReported(p, root.resolve("probe"));
      // 3 watched; two new directories take the limit, the next three are refused.
      for (String d : List.of("n1", "n2", "n3", "n4", "n5")) {
        Files.createDirectories(root.resolve(d));
      }
      Path r = root;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  out().contains("inotify watch limit is reached")
                      && out().contains(r.resolve("n5").toString()));
      assertThat(out().lines().filter(l -> l.contains("inotify watch limit"))).hasSize(1);
      assertThat(out())
          .contains("sudo sysctl fs.inotify.max_user_watches=")
          .doesNotContain("\tat ");
      Path later = root.resolve("a/b/later.txt");
      Files.writeString(later, "x");
      await().atMost(Duration.ofSeconds(30)).until(() -> out().contains(later.toString()));
      assertThat(p.isAlive()).isTrue();
    } finally {
      p.destroyForcibly();
    }
  }
}
