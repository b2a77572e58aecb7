package io.svc4j.supervisor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.SupervisorListener;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, points 8 and 2 (notify socket): what a child sends on its notify socket cannot inject
 * terminal escapes into an operator's {@code svc4j status}, cannot grow the supervisor's memory,
 * and the socket's directory gives a run-as child nothing that root would later follow.
 */
class NotifyAttackTest {

  @TempDir Path tmp;

  private static UnaryOperator<SupervisorConfig> options() {
    return c ->
        c.withRestart(RestartSettings.DEFAULT.withMode(RestartMode.NO))
            .withReadiness(ReadinessSettings.notify(Duration.ofSeconds(60), null))
            .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(2)));
  }

  private static List<String> python(String... lines) {
    String prelude =
        "import os, socket, sys, time\n"
            + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
            + "send = lambda b: s.sendto(b, os.environ['NOTIFY_SOCKET'])\n";
    return List.of(AsUser.PYTHON, "-c", prelude + String.join("\n", lines));
  }

  @Test
  void escapeSequencesAndControlCharactersInStatusAreStrippedOnReceipt() throws Exception {
    var command =
        python(
            "send('STATUS=\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mred\\x1b[0m text\\r\\tmore\\x9b1m"
                + "\\x1bPq#0\\x1b\\\\!\\x07\\x00'.encode())",
            "send(b'READY=1')",
            "time.sleep(600)");
    try (var supervisor = TestSupervisors.fromCommand("sec-escapes", command, options())) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      assertThat(supervisor.status().childStatus())
          .isEqualTo("red text  more!"); // CR and tab: spaces
      assertThat(supervisor.status().summary()).doesNotContainPattern("[\\p{Cc}]");
    }
  }

  @Test
  void anOversizedDatagramIsDroppedWholeNotTruncated() throws Exception {
    var command =
        python(
            "send(b'READY=1\\nSTATUS=big\\nX=' + b'x' * 5000)",
            "send(b'STATUS=small')",
            "time.sleep(1)",
            "send(b'READY=1')",
            "time.sleep(600)");
    List<String> statuses = new CopyOnWriteArrayList<>();
    try (var supervisor = TestSupervisors.fromCommand("sec-big", command, options())) {
      supervisor.addListener(
          new SupervisorListener() {
            @Override
            public void childStatus(String text) {
              statuses.add(text);
            }
          });
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      assertThat(statuses).containsExactly("small");
    }
  }

  @Test
  void aFloodWaitsInTheKernelNotInTheSupervisorAndReadyIsStillHonoured() throws Exception {
    Path count = tmp.resolve("sent");
    // 20000 datagrams as fast as the socket takes them, the count written as it goes, then READY.
    var command =
        python(
            "f = os.open('" + count + "', os.O_WRONLY | os.O_CREAT)",
            "for i in range(1, 20001):",
            "    send(b'STATUS=%d' % i)",
            "    if i % 50 == 0: os.pwrite(f, b'%010d' % i, 0)",
            "send(b'READY=1\\nSTATUS=done')",
            "time.sleep(600)");
    CountDownLatch release = new CountDownLatch(1);
    try (var supervisor = TestSupervisors.fromCommand("sec-flood", command, options())) {
      supervisor.addListener(
          new SupervisorListener() {
            @Override
            public void childStatus(String text) {
              try {
                release.await(); // holds the event thread: nothing is handled meanwhile
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
      supervisor.startChild();
      await().atMost(30, TimeUnit.SECONDS).until(() -> sent(count) > 0);
      // While nothing is handled, the child can only get as far as the bounded inbox plus the
      // kernel's socket queue (net.unix.max_dgram_qlen, 512 by default) let it.
      await()
          .during(2, TimeUnit.SECONDS)
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> sent(count) < 2000);
      assertThat(supervisor.status().state()).isEqualTo(ChildState.STARTING);
      release.countDown();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(60))).isTrue();
      assertThat(supervisor.status().childStatus()).isEqualTo("done");
      assertThat(sent(count)).isEqualTo(20000);
      assertThat(supervisor.stopChild().get(30, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aChildThatNeverStopsFloodingIsReadyAndStoppedPromptly() throws Exception {
    // Two senders that never stop, the inbox full all the time; READY=1 in between.
    var command =
        python(
            "import threading",
            "def flood():",
            "    while True: send(b'STATUS=flood')",
            "for _ in range(2): threading.Thread(target=flood, daemon=True).start()",
            "time.sleep(0.5)",
            "send(b'READY=1')",
            "time.sleep(600)");
    try (var supervisor = TestSupervisors.fromCommand("sec-torrent", command, options())) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      long start = System.nanoTime();
      assertThat(supervisor.stopChild().get(30, TimeUnit.SECONDS)).isEqualTo(ChildState.STOPPED);
      // TERM ends python at once; closing the socket must not wait on a reader stuck at a full
      // inbox (it is interrupted), nor on the event thread working through the backlog.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static int sent(Path count) {
    try {
      String text = Files.readString(count).strip();
      return text.isEmpty() ? 0 : Integer.parseInt(text);
    } catch (java.io.IOException | NumberFormatException e) {
      return 0;
    }
  }

  @Test
  void aRunAsChildCannotPlantOrSwapAnythingBesideItsNotifySocketNorCanOtherUsersSend()
      throws Exception {
    // As nobody: try to put a symlink where the next run's socket will be bound (root chowns it
    // then), to move its own socket away, to delete it, to create a file; report each errno.
    var command =
        python(
            "d = os.path.dirname(os.environ['NOTIFY_SOCKET'])",
            "def attempt(f):",
            "    try: f(); return 'done'",
            "    except OSError as e: return 'denied' if e.errno in (1, 13) else str(e)",
            "r = [attempt(lambda: os.symlink('/etc/passwd', d + '/notify-9.sock')),",
            "     attempt(lambda: os.rename(os.environ['NOTIFY_SOCKET'], d + '/moved')),",
            "     attempt(lambda: os.unlink(os.environ['NOTIFY_SOCKET'])),",
            "     attempt(lambda: open(d + '/planted', 'w').close())]",
            "send(('READY=1\\nSTATUS=' + ' '.join(r)).encode())",
            "time.sleep(600)");
    try (var supervisor =
        TestSupervisors.fromCommand(
            "sec-rundir",
            command,
            c ->
                options()
                    .apply(c)
                    .withRunAs("nobody")
                    .withWorkingDirectory(Path.of("/"))
                    .withEnvironment(java.util.Map.of("PATH", AsUser.PATH), true))) {
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(30))).isTrue();
      assertThat(supervisor.status().childStatus()).isEqualTo("denied denied denied denied");
      Path dir = TestSupervisors.runtimeDir(supervisor);
      assertThat(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx--x---");
      try (var entries = Files.list(dir)) {
        Path socket = entries.filter(p -> p.toString().endsWith(".sock")).findFirst().orElseThrow();
        assertThat(Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS))
            .isEqualTo(AsUser.NOBODY);
        assertThat(
                PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)))
            .isEqualTo("rw-------");
        // Another local user cannot reach the socket at all.
        Process other =
            AsUser.start(
                AsUser.DAEMON,
                List.of(
                    AsUser.PYTHON,
                    "-c",
                    "import socket, sys\n"
                        + "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                        + "try: s.sendto(b'STATUS=from daemon', sys.argv[1]); print('sent')\n"
                        + "except OSError as e: print('denied' if e.errno in (1, 13) else e)\n",
                    socket.toString()));
        assertThat(new String(other.getInputStream().readAllBytes()).strip()).isEqualTo("denied");
      }
      assertThat(supervisor.status().childStatus()).isEqualTo("denied denied denied denied");
    }
  }
}
