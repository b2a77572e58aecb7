package io.svc4j.supervisor.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.supervisor.TestSupervisors;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No client can freeze the control channel (issue 8, point 9). Each test attacks it over a real
 * Unix socket the way a stuck or hostile local client would, and checks that {@code status} is
 * still answered at once.
 */
class ControlChannelLimitsTest {

  // Bounds that tell "answered" or "cut off" from "hangs forever" on a loaded 2-core machine; they
  // are not speed goals.
  private static final Duration PROMPT = Duration.ofSeconds(5);
  private static final ControlServer.Limits LIMITS =
      new ControlServer.Limits(4, Duration.ofSeconds(3), Duration.ofSeconds(3));

  @TempDir Path tmp;

  private static ControlReply fixedStatus(SupervisorCommand command) {
    return ControlReply.done(command.wire(), null);
  }

  /** A status exchange that must finish within {@link #PROMPT}: the typed client enforces it. */
  private static ControlReply promptly(Path socket, SupervisorCommand command) throws Exception {
    return ControlClient.send(socket, command, PROMPT);
  }

  @Test
  void aSilentClientDoesNotDelayOthersAndIsCutOffAfterTheRequestTimeout() throws Exception {
    Path socket = tmp.resolve("silent.sock");
    try (var server = ControlServer.start(socket, ControlChannelLimitsTest::fixedStatus, LIMITS);
        var silent = RawClient.connect(socket)) {
      // Before the fix, the one acceptor thread sat in this client's read forever.
      assertThat(promptly(socket, SupervisorCommand.STATUS).message()).isEqualTo("status");

      long start = System.nanoTime();
      assertThat(silent.readAll()).as("closed without a reply").isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(LIMITS.requestTimeout().plus(Duration.ofSeconds(15)));
      await().atMost(Duration.ofSeconds(10)).until(() -> server.activeClients() == 0);
    }
  }

  @Test
  void anOversizedRequestIsRefusedAtTheLimit() throws Exception {
    Path socket = tmp.resolve("big.sock");
    try (var server = ControlServer.start(socket, ControlChannelLimitsTest::fixedStatus, LIMITS);
        var flood = RawClient.connect(socket)) {
      // 1 MiB without a newline: the server reads 4 KiB of it, answers and closes.
      byte[] junk = "x".repeat(1 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      var writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  flood.channel.write(ByteBuffer.wrap(junk));
                } catch (java.io.IOException expected) {
                  // the server closed its end: the rest of the flood has nowhere to go
                }
              });
      assertThat(flood.readAll().strip())
          .isEqualTo(
              "{\"ok\":false,\"error\":\"bad request: more than "
                  + ControlProtocol.MAX_REQUEST_BYTES
                  + " bytes without a newline\"}");
      flood.close();
      writer.get(10, TimeUnit.SECONDS);
      assertThat(promptly(socket, SupervisorCommand.STATUS).ok()).isTrue();
    }
  }

  @Test
  void aNeverEndingTrickleIsCutOffAtTheRequestTimeout() throws Exception {
    Path socket = tmp.resolve("trickle.sock");
    try (var server = ControlServer.start(socket, ControlChannelLimitsTest::fixedStatus, LIMITS);
        var trickle = RawClient.connect(socket)) {
      long start = System.nanoTime();
      var dripper =
          Executors.newSingleThreadScheduledExecutor()
              .scheduleAtFixedRate(
                  () -> {
                    try {
                      trickle.write(" "); // always something, never the newline
                    } catch (java.io.IOException closed) {
                      throw new IllegalStateException(closed);
                    }
                  },
                  0,
                  50,
                  TimeUnit.MILLISECONDS);
      try {
        assertThat(promptly(socket, SupervisorCommand.STATUS).ok()).isTrue();
        assertThat(trickle.readAll()).as("cut off without a reply").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isGreaterThanOrEqualTo(LIMITS.requestTimeout())
            .isLessThan(LIMITS.requestTimeout().plus(Duration.ofSeconds(15)));
      } finally {
        dripper.cancel(true);
      }
    }
  }

  @Test
  void pastTheClientLimitANewConnectionIsToldBusyAtOnceAndServedAgainLater() throws Exception {
    Path socket = tmp.resolve("many.sock");
    List<RawClient> hogs = new ArrayList<>();
    try (var server = ControlServer.start(socket, ControlChannelLimitsTest::fixedStatus, LIMITS)) {
      for (int i = 0; i < LIMITS.maxClients(); i++) {
        hogs.add(RawClient.connect(socket));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> server.activeClients() == LIMITS.maxClients());
      ControlReply busy = promptly(socket, SupervisorCommand.STATUS);
      assertThat(busy.ok()).isFalse();
      assertThat(busy.error()).isEqualTo("busy: 4 control connections are open; try again");

      // The hogs are cut off after the request timeout; the slots come back.
      await()
          .atMost(LIMITS.requestTimeout().plus(Duration.ofSeconds(15)))
          .untilAsserted(
              () -> assertThat(promptly(socket, SupervisorCommand.STATUS).ok()).isTrue());
    } finally {
      for (RawClient hog : hogs) {
        hog.close();
      }
    }
  }

  @Test
  void manyClientsAtOnceAreAllAnswered() throws Exception {
    Path socket = tmp.resolve("crowd.sock");
    try (var server = ControlServer.start(socket, ControlChannelLimitsTest::fixedStatus);
        var pool = Executors.newFixedThreadPool(8)) {
      List<Future<ControlReply>> replies = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        replies.add(pool.submit(() -> promptly(socket, SupervisorCommand.STATUS)));
      }
      for (Future<ControlReply> reply : replies) {
        assertThat(reply.get(30, TimeUnit.SECONDS).ok()).isTrue();
      }
    }
  }

  @Test
  void anotherLocalUserCannotConnectEvenThroughAnOpenDirectory() throws Exception {
    // Everything up to the socket is open to all: only the socket's own 0600 mode keeps nobody out.
    var open = java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");
    java.nio.file.Files.setPosixFilePermissions(tmp, open);
    Path dir = java.nio.file.Files.createDirectory(tmp.resolve("run"));
    java.nio.file.Files.setPosixFilePermissions(dir, open);
    Path socket = dir.resolve("private.sock");
    try (var server = ControlServer.start(socket, ControlChannelLimitsTest::fixedStatus, LIMITS)) {
      Process p =
          new ProcessBuilder(
                  "setpriv",
                  "--reuid=65534",
                  "--regid=65534",
                  "--clear-groups",
                  "/usr/bin/python3", // not a root-only shim on PATH
                  "-c",
                  "import socket, sys\n"
                      + "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
                      + "try:\n"
                      + "    s.connect(sys.argv[1])\n"
                      + "    s.sendall(b'{\"command\":\"stop\"}\\n')\n"
                      + "    print('answered', s.recv(4096))\n"
                      + "except OSError as e:\n"
                      + "    print('refused', e.errno)\n",
                  socket.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes()).strip();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(output).as("nobody's connect").isEqualTo("refused 13"); // EACCES
      assertThat(promptly(socket, SupervisorCommand.STATUS).ok()).as("root still can").isTrue();
    }
  }

  /**
   * A child that ignores SIGTERM (and so does its sleep: an ignored signal stays ignored across
   * exec), so a stop lasts the whole stop timeout. It touches {@code marker} once the trap is in
   * place: uptime readiness says RUNNING at spawn, before the shell has read its first command.
   */
  private static List<String> stubborn(Path marker) {
    return List.of("sh", "-c", "trap '' TERM; : > \"$0\"; exec sleep 600", marker.toString());
  }

  private static void awaitTrapped(Path marker) {
    await().atMost(Duration.ofSeconds(20)).until(() -> java.nio.file.Files.exists(marker));
  }

  @Test
  void statusIsAnsweredWhileAStopWaitsOutTheStopTimeout() throws Exception {
    Path socket = tmp.resolve("stop.sock");
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(8)));
    try (var supervisor =
        TestSupervisors.fromCommand("stubborn", stubborn(tmp.resolve("trapped")), options)) {
      supervisor.serveControl(socket);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      awaitTrapped(tmp.resolve("trapped"));

      long started = System.nanoTime();
      var stop =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ControlClient.send(socket, SupervisorCommand.STOP, Duration.ofSeconds(60));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // Each status is bounded by PROMPT (the client's limit); the request itself may take a moment
      // to reach the supervisor on a busy machine.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> promptly(socket, SupervisorCommand.STATUS).status().state(),
              s -> s == ChildState.STOPPING);
      // Several answers during the stop, each within PROMPT (the client's limit).
      for (int i = 0; i < 3; i++) {
        assertThat(promptly(socket, SupervisorCommand.STATUS).status().state())
            .isEqualTo(ChildState.STOPPING);
      }
      assertThat(stop).isNotDone();
      ControlReply stopped = stop.get(30, TimeUnit.SECONDS);
      assertThat(stopped.message()).isEqualTo("stopped: STOPPED");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the stop did wait out the stop timeout")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(8));
    }
  }

  @Test
  void statusIsAnsweredWhileARestartIsInProgress() throws Exception {
    Path socket = tmp.resolve("restart.sock");
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withReadiness(ReadinessSettings.uptime(Duration.ZERO))
                .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(6)));
    try (var supervisor =
        TestSupervisors.fromCommand("stubborn2", stubborn(tmp.resolve("trapped2")), options)) {
      supervisor.serveControl(socket);
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      awaitTrapped(tmp.resolve("trapped2"));
      long first = supervisor.status().pid();

      var restart =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ControlClient.send(
                      socket, SupervisorCommand.RESTART, Duration.ofSeconds(60));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // Each status is bounded by PROMPT (the client's limit); the request itself may take a moment
      // to reach the supervisor on a busy machine.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> promptly(socket, SupervisorCommand.STATUS).status().state(),
              s -> s == ChildState.STOPPING);
      assertThat(restart).isNotDone();
      assertThat(restart.get(30, TimeUnit.SECONDS).message()).isEqualTo("restarted");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> promptly(socket, SupervisorCommand.STATUS).status(),
              s -> s.state() == ChildState.RUNNING && s.pid() != first);
    }
  }
}
