package io.svc4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code HostOptions.withReloadOnChange}: a real process hosting a reloadable service; an editor's
 * save of its config file (write a temporary file, rename it over) runs {@code reload()} once,
 * through the same RELOADING → RUNNING transitions as SIGHUP (which the systemd platform reports as
 * RELOADING=1 / READY=1); another file in the same directory reloads nothing; a rewrite in place
 * reloads again.
 */
class ReloadOnChangeTest {

  @TempDir Path tmp;

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static long count(Path log, String prefix) {
    return read(log).lines().filter(l -> l.startsWith(prefix)).count();
  }

  @Test
  void aChangedConfigFileReloadsTheServiceOnceAndItRunsAgain() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("conf"));
    Path config = Files.writeString(dir.resolve("app.conf"), "v1\n");
    Path log = tmp.resolve("probe.log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                ReloadOnChangeProbe.class.getName(),
                config.toString(),
                log.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.log").toFile())
            .start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("state RUNNING"));
      assertThat(read(log)).contains("start v1");

      // An editor's save: a temporary file renamed over the original.
      Path swap = Files.writeString(dir.resolve(".app.conf.swp"), "v2\n");
      Files.move(swap, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      await().atMost(Duration.ofSeconds(30)).until(() -> count(log, "reload ") == 1);
      assertThat(read(log)).contains("reload v2");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> read(log).strip().endsWith("state RUNNING"));
      List<String> lines = read(log).lines().toList();
      int reload = lines.indexOf("reload v2");
      assertThat(lines.subList(reload - 1, lines.size()))
          .as(() -> read(log))
          .containsExactly("state RELOADING", "reload v2", "state RUNNING");

      // Another file in the same directory is not a reason to reload.
      Files.writeString(dir.resolve("other.txt"), "unrelated");
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> count(log, "reload ") == 1);

      // A rewrite in place is.
      Files.writeString(config, "v3 longer\n");
      await().atMost(Duration.ofSeconds(30)).until(() -> count(log, "reload ") == 2);
      assertThat(read(log)).contains("reload v3 longer");
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> count(log, "reload ") == 2);

      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(() -> read(tmp.resolve("out.log"))).isZero();
    } finally {
      p.destroyForcibly();
    }
  }
}
