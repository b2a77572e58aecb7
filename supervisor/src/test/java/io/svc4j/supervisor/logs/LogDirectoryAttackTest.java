package io.svc4j.supervisor.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root writes the captured logs. These tests attack that the way a local user would who can write
 * somewhere on the way (the supervisor runs as root, as under systemd or CI): a directory others
 * can write is refused, and links planted where log, rotated, compressed or temporary files are
 * created, or swapped in while rotating, never make root write anywhere else. The "anywhere else"
 * is {@code outside/}: root-owned 0600 files standing in for /etc/passwd and /etc/cron.d/x.
 */
class LogDirectoryAttackTest {

  @TempDir Path tmp;
  private Path outside;
  private Path secret;

  @BeforeEach
  void outside() throws IOException {
    outside = Files.createDirectory(tmp.resolve("outside"));
    secret = outside.resolve("passwd");
    Files.writeString(secret, "root:x:0:0:root:/root:/bin/bash\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
  }

  /** Name, content and mode of everything in {@code outside/}. */
  private Map<String, String> outsideNow() throws IOException {
    Map<String, String> now = new TreeMap<>();
    try (var files = Files.walk(outside)) {
      for (Path p : files.toList()) {
        if (Files.isDirectory(p)) {
          now.put(outside.relativize(p) + "/", "");
          continue;
        }
        now.put(
            outside.relativize(p).toString(),
            Files.readString(p, StandardCharsets.ISO_8859_1)
                + " mode "
                + Files.getAttribute(p, "unix:mode"));
      }
    }
    return now;
  }

  private static Supervisor supervisor(Path logs, String script) {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withLogs(LogSettings.in(logs));
    return TestSupervisors.fromCommand("web", List.of("/bin/sh", "-c", script), options);
  }

  /** Starts {@code supervisor}'s child and waits until it has exited and its output is written. */
  private static void runToEnd(Supervisor supervisor) {
    supervisor.startChild();
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> supervisor.status().state() == ChildState.EXITED);
    supervisor.close();
  }

  private static void chmod(Path p, String mode) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  @Test
  void aLogDirectoryUnderADirectoryEveryoneCanWriteIsRefusedInOneLineAndNothingIsCreated()
      throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    chmod(shared, "rwxrwxrwx");
    Path logs = shared.resolve("logs");
    assertThatThrownBy(() -> supervisor(logs, "echo hi"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "logs.directory: '"
                + logs
                + "' is not safe for logs written as root: '"
                + shared
                + "' is writable by every user (mode 0777), who could plant links there;"
                + " chmod go-w '"
                + shared
                + "' or choose another directory (e.g. /var/log/svc4j/NAME)");
    assertThat(logs).doesNotExist();
  }

  @Test
  void aLogDirectoryTheRunAsUserOwnsIsRefused() throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    Files.setAttribute(logs, "unix:uid", 65534);
    assertThatThrownBy(() -> supervisor(logs, "echo hi"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + logs + "' belongs to user nobody, who could plant links there")
        .hasMessageNotContaining("\n");
    assertThat(logs.resolve("web.out.log")).doesNotExist();
  }

  @Test
  void aGroupWritableLogDirectoryIsRefused() throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    chmod(logs, "rwxrwx---");
    assertThatThrownBy(() -> supervisor(logs, "echo hi"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + logs + "' is writable by group root (mode 0770)");
  }

  /**
   * A sticky directory (like /tmp) may be shared above the log directory: nobody can rename what
   * root owns in it. A link in it is another matter: whoever owns the link decides where it goes.
   */
  @Test
  void aStickySharedDirectoryAboveIsAcceptedButALinkInItIsRefused() throws Exception {
    Path sticky = Files.createDirectory(tmp.resolve("sticky"));
    chmod(sticky, "rwxrwxrwx");
    Files.setAttribute(sticky, "unix:mode", 01777);
    try (var dir = LogDirectory.open(sticky.resolve("logs"), LogAccess.current())) {
      assertThat(dir.path()).isEqualTo(sticky.resolve("logs"));
    }
    Path real = Files.createDirectory(tmp.resolve("real"));
    Files.createSymbolicLink(sticky.resolve("link"), real);
    assertThatThrownBy(
            () -> LogDirectory.open(sticky.resolve("link").resolve("logs"), LogAccess.current()))
        .isInstanceOf(UnsafeDirectoryException.class)
        .hasMessageContaining(
            "'" + sticky.resolve("link") + "' is a symbolic link in '" + sticky + "'");
    assertThat(real.resolve("logs")).doesNotExist();
  }

  /** A link in a directory only root can write was put there by root: it is followed. */
  @Test
  void aLinkInADirectoryOnlyRootCanWriteIsFollowed() throws Exception {
    Path real = Files.createDirectory(tmp.resolve("real"));
    Files.createSymbolicLink(tmp.resolve("alias"), real);
    runToEnd(supervisor(tmp.resolve("alias").resolve("logs"), "echo through-the-alias"));
    assertThat(Files.readString(real.resolve("logs").resolve("web.out.log")))
        .isEqualTo("through-the-alias\n");
  }

  @Test
  void aLinkPlantedAsTheLogFileIsNotFollowed() throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    Files.createSymbolicLink(logs.resolve("web.out.log"), secret);
    var before = outsideNow();
    try {
      runToEnd(supervisor(logs, "echo 'evil::0:0::/root:/bin/sh'"));
    } catch (ConfigException e) {
      assertThat(e)
          .hasMessage(
              "logs.directory: cannot write log files in '"
                  + logs
                  + "': '"
                  + logs.resolve("web.out.log")
                  + "' is a symbolic link; log files are never followed: remove it");
    }
    assertThat(outsideNow()).isEqualTo(before);
  }

  /** Every name rotation will create, planted beforehand as a link to a file outside. */
  private List<String> plantLinks(Path logs, String base, int keep) throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= keep + 1; i++) {
      names.addAll(List.of(base + "." + i, base + "." + i + ".gz", base + "." + i + ".gz.tmp"));
      names.add(base + ".rotating-" + i);
    }
    for (String name : names) {
      Path target = outside.resolve("target-" + name);
      Files.writeString(target, "root-owned " + name + "\n");
      chmod(target, "rw-------");
      Files.createSymbolicLink(logs.resolve(name), target);
    }
    return names;
  }

  private static Chunk line(int i) {
    return new Chunk(
        String.format("%06d %s%n", i, "y".repeat(90)).getBytes(StandardCharsets.UTF_8), 1);
  }

  @Test
  void linksPlantedWhereRotatedAndCompressedFilesWillBeCreatedAreReplacedNotFollowed()
      throws Exception {
    for (boolean gzip : new boolean[] {true, false}) {
      Path logs = Files.createDirectory(tmp.resolve("logs-" + gzip));
      List<String> names = plantLinks(logs, "out.log", 3);
      var before = outsideNow();
      var file = new LogFile(logs.resolve("out.log"), 1024, 3, gzip, 1 << 20);
      for (int i = 0; i < 200; i++) {
        file.offer(line(i));
      }
      file.close();
      assertThat(file.rotations()).isGreaterThan(5);
      assertThat(outsideNow()).as("gzip " + gzip).isEqualTo(before);
      for (String name : names) {
        Path p = logs.resolve(name);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
          assertThat(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS))
              .as(name)
              .isEqualTo(0100640);
        }
      }
      assertThat(logs.resolve(gzip ? "out.log.1.gz" : "out.log.1")).isRegularFile();
    }
  }

  /**
   * While root writes and rotates, an attacker who could write the directory swaps every name it
   * uses, and the directory itself, for links to files outside, as fast as it can. No swap may land
   * a byte outside, whichever step of the rotation it hits.
   */
  @Test
  void aSwapStormBetweenRotationStepsNeverRedirectsAWrite() throws Exception {
    Path logs = Files.createDirectory(tmp.resolve("logs"));
    List<String> names = new ArrayList<>(plantLinks(logs, "out.log", 3));
    names.add("out.log");
    Path outsideLogs = Files.createDirectory(outside.resolve("logs"));
    var before = outsideNow();
    var file = new LogFile(logs.resolve("out.log"), 2048, 3, true, 1 << 20);
    var stop = new AtomicBoolean();
    var swaps = new java.util.concurrent.atomic.AtomicLong();
    Thread attacker =
        Thread.ofPlatform()
            .start(
                () -> {
                  Path moved = tmp.resolve("logs-moved");
                  Path link = tmp.resolve("swap");
                  while (!stop.get()) {
                    try {
                      for (String name : names) {
                        Files.deleteIfExists(link);
                        Files.createSymbolicLink(link, outside.resolve("target-" + name));
                        Files.move(link, logs.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                        swaps.incrementAndGet();
                      }
                      // The directory itself: for a moment, 'logs' leads outside.
                      Files.move(logs, moved, StandardCopyOption.ATOMIC_MOVE);
                      Files.createSymbolicLink(logs, outsideLogs);
                      Files.delete(logs);
                      Files.move(moved, logs, StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                      // a rename raced with root's: try again
                    }
                  }
                });
    try {
      // A child that writes steadily for 3 s: rotations keep coming while the storm rages.
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      for (int i = 0; System.nanoTime() < end; i++) {
        file.offer(line(i));
        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
      }
    } finally {
      stop.set(true);
      attacker.join();
      file.close();
    }
    assertThat(outsideNow()).isEqualTo(before);
    assertThat(swaps.get()).isPositive();
    assertThat(file.rotations()).as("capture went on through the storm").isGreaterThan(20);
  }
}
