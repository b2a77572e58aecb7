package io.svc4j.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.svc4j.cli.Svc4j;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real inotify watch limit: {@code svc4j watch} runs in a user namespace of its own whose
 * {@code user.max_inotify_watches} is 5 (the machine's limit is untouched), on a tree of 8
 * directories.
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
}
