package io.svc4j.cli.manage;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.FakeSupervisor;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.Supervisor;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.control.ControlServer;
import io.svc4j.supervisor.engine.ChildState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svc4j status} of a supervised service over a real control socket: against a real
 * supervisor and child (what it prints is what the supervisor measured), and against a supervisor
 * that accepts the connection and never answers (one line, non-zero, within the timeout).
 */
class SupervisedStatusCliTest {

  /** What the CLI gives a supervisor in the tests against a mute one (production: 5 s). */
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final FakeManager manager = new FakeManager();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path sockets;
  private Duration controlTimeout = CliContext.DEFAULT_CONTROL_TIMEOUT;

  @BeforeEach
  void install() {
    assertThat(run("install", "--name", "web", "--direct", "--", "/bin/sh")).isZero();
    manager.states.put("web", ServiceStatus.State.RUNNING);
    out.getBuffer().setLength(0);
  }

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> manager,
            name -> sockets.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            controlTimeout);
    return Svc4j.execute(args, context);
  }

  @Test
  void aLiveChildShowsItsProcessCountAndMemory() throws Exception {
    // Three processes: the shell and its two sleeps.
    try (var supervisor =
        Supervisor.of(
            SupervisorConfig.of("web", List.of("sh", "-c", "sleep 600 & sleep 600 & wait"))
                .withReadiness(ReadinessSettings.uptime(Duration.ZERO)))) {
      supervisor.serveControl(sockets.resolve("web.sock"));
      supervisor.startChild();
      assertThat(supervisor.awaitReady(Duration.ofSeconds(20))).isTrue();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> supervisor.liveStatus().processes() == 3);

      assertThat(run("status", "web")).as(err.toString()).isZero();
      var memory = Pattern.compile("  memory:  (\\d+) MiB in (\\d+) process\\(es\\), cpu [0-9.]+s");
      var line = out.toString().lines().map(memory::matcher).filter(m -> m.matches()).toList();
      assertThat(line).as(out.toString()).hasSize(1);
      assertThat(line.get(0).group(2)).isEqualTo("3");
      long mib = Long.parseLong(line.get(0).group(1));
      long measured = supervisor.liveStatus().memoryBytes() >> 20;
      assertThat(mib).as("three processes take some memory").isPositive();
      assertThat(mib).isBetween(measured - 2, measured + 2);
      assertThat(out.toString()).contains("  child:   RUNNING, pid " + supervisor.status().pid());

      out.getBuffer().setLength(0);
      assertThat(run("status", "web", "--json")).isZero();
      assertThat(out.toString()).contains("\"processes\" : 3").contains("\"state\" : \"RUNNING\"");
    }
  }

  @Test
  void aSupervisorThatAcceptsButNeverAnswersIsOneLineAndNonZeroWithinTheTimeout() throws Exception {
    controlTimeout = TIMEOUT;
    Path socket = sockets.resolve("web.sock");
    List<SocketChannel> held = new CopyOnWriteArrayList<>();
    try (var mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      mute.bind(UnixDomainSocketAddress.of(socket));
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        held.add(mute.accept()); // and never read nor write
                      }
                    } catch (java.io.IOException closed) {
                      // the test is over
                    }
                  });
      long start = System.nanoTime();
      int code = run("status", "web");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(code).isEqualTo(1);
      assertThat(took).isLessThan(TIMEOUT.plusSeconds(3));
      assertThat(out.toString()).isEmpty();
      assertThat(err.toString().lines().toList())
          .singleElement()
          .asString()
          .isEqualTo(
              "svc4j: error: the supervisor of web does not answer on "
                  + socket
                  + " (no reply within 1s); it may be hung: see 'journalctl -u web', or restart"
                  + " the whole service with 'svc4j restart web --service'");
      assertThat(held).as("it did connect").isNotEmpty();
      mute.close();
      acceptor.join(Duration.ofSeconds(5));
    } finally {
      for (SocketChannel c : held) {
        c.close();
      }
    }
  }

  @Test
  void restartThroughAMuteSupervisorSaysSoInOneLine() throws Exception {
    // The same mute supervisor, asked by restart: found at once, and it does not answer.
    controlTimeout = TIMEOUT;
    Path socket = sockets.resolve("web.sock");
    try (var mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      mute.bind(UnixDomainSocketAddress.of(socket));
      // Not accepted at all: the connection waits in the backlog, like a supervisor whose
      // acceptor is stuck.
      long start = System.nanoTime();
      assertThat(run("restart", "web")).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
      assertThat(err.toString().lines().toList())
          .singleElement()
          .asString()
          .startsWith("svc4j: error: the supervisor of web does not answer on " + socket);
      assertThat(manager.calls)
          .as("nothing restarted behind its back")
          .doesNotContain("restart web PT1M");
    }
  }

  @Test
  void aStoppedChildShowsNoMemoryLine() throws Exception {
    var supervisor = new FakeSupervisor().now(ChildState.STOPPED, "stopped on request");
    try (var control = ControlServer.start(sockets.resolve("web.sock"), supervisor::handle)) {
      assertThat(run("status", "web")).isZero();
      assertThat(out.toString())
          .contains("  child:   STOPPED, restarts 0")
          .doesNotContain("memory");
    }
  }
}
