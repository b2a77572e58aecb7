package io.svc4j.systemd.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.ExitCodes;
import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.systemd.testing.DatagramListener;
import java.net.BindException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SystemdPlatform in this JVM, against a real notify socket, controlled by real signals sent to
 * this process — the way systemd controls it.
 */
class SystemdPlatformTest {

  private static final String[] SIGNALS = {"TERM", "INT", "HUP"};
  private final Map<String, SignalHandler> savedHandlers = new HashMap<>();

  @BeforeEach
  void saveSignalHandlers() {
    for (String name : SIGNALS) {
      // A Java placeholder, not SIG_IGN: the JVM refuses handlers for signals ignored at OS level.
      SignalHandler previous = Signal.handle(new Signal(name), signal -> {});
      Signal.handle(new Signal(name), previous);
      savedHandlers.put(name, previous);
    }
  }

  @AfterEach
  void restoreSignalHandlers() {
    // The platform wires signals to its controller; the surefire JVM must get its own back.
    savedHandlers.forEach((name, handler) -> Signal.handle(new Signal(name), handler));
  }

  static final class ReloadableService implements Service, Reloadable {
    final CountDownLatch reloaded = new CountDownLatch(1);
    final AtomicBoolean alive = new AtomicBoolean(true);
    final AtomicInteger stuckProbes = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    volatile CountDownLatch stuck;

    @Override
    public void start(ServiceContext context) {
      context.extendTimeout(Duration.ofSeconds(5));
      context.status("Grüße 🚀 — ready");
    }

    @Override
    public void reload(ServiceContext context) {
      reloaded.countDown();
    }

    @Override
    public void stop(ServiceContext context) {}

    @Override
    public boolean isAlive() {
      CountDownLatch block = stuck;
      if (block != null && block.getCount() > 0) {
        stuckProbes.incrementAndGet();
        try {
          block.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      boolean answer = alive.get();
      if (!answer) {
        refusals.incrementAndGet();
      }
      return answer;
    }
  }

  private static CompletableFuture<Integer> runInBackground(
      Map<String, String> env, ServiceController controller) {
    SystemdPlatform platform = new SystemdPlatform(new HostEnvironment(env, "Linux"));
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return platform.run(controller);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        r -> Thread.ofPlatform().name("test-platform").start(r));
  }

  private static void kill(String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  @Test
  void reportsTheLifecycleInOrderAndStopsOnSigterm() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      ReloadableService service = new ReloadableService();
      ServiceController controller = new ServiceController(service, HostOptions.named("demo"));

      CompletableFuture<Integer> exit =
          runInBackground(Map.of("NOTIFY_SOCKET", listener.notifySocket()), controller);

      assertThat(listener.nextText()).isEqualTo("EXTEND_TIMEOUT_USEC=5000000");
      assertThat(listener.nextText()).isEqualTo("STATUS=Grüße 🚀 — ready");
      assertThat(listener.nextText()).isEqualTo("READY=1");

      kill("HUP");
      assertThat(listener.nextText()).matches("RELOADING=1\nMONOTONIC_USEC=[1-9][0-9]*");
      assertThat(service.reloaded.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(listener.nextText()).isEqualTo("READY=1");

      kill("TERM");
      assertThat(listener.nextText()).isEqualTo("STOPPING=1");
      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
      assertThat(listener.silentFor(Duration.ofMillis(300))).isTrue();
    }
  }

  @Test
  void aFailedStartReportsStatusAndErrno() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      Service failing =
          new Service() {
            @Override
            public void start(ServiceContext context) throws Exception {
              throw new BindException("Address already in use");
            }

            @Override
            public void stop(ServiceContext context) {}
          };
      ServiceController controller = new ServiceController(failing, HostOptions.named("demo"));

      CompletableFuture<Integer> exit =
          runInBackground(Map.of("NOTIFY_SOCKET", listener.notifySocket()), controller);

      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.START_FAILED);
      assertThat(listener.nextText()).isEqualTo("STATUS=failed: Address already in use\nERRNO=98");
    }
  }

  @Test
  void watchdogPingsEveryHalfIntervalWhileAliveAndStopsWhenStuck() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      ReloadableService service = new ReloadableService();
      HostOptions options = new HostOptions("demo", Duration.ofSeconds(10), Duration.ofMillis(300));
      ServiceController controller = new ServiceController(service, options);
      Map<String, String> env =
          Map.of(
              "NOTIFY_SOCKET", listener.notifySocket(),
              "WATCHDOG_USEC", "400000",
              "WATCHDOG_PID", Long.toString(ProcessHandle.current().pid()));

      CompletableFuture<Integer> exit = runInBackground(env, controller);
      await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("READY=1") == 1);

      // Cadence: 200 ms nominal. A loaded CI box delays pings, it never adds any.
      long start = System.nanoTime();
      long first = listener.count("WATCHDOG=1");
      Thread.sleep(2_000);
      long pings = listener.count("WATCHDOG=1") - first;
      double periods = (System.nanoTime() - start) / 200e6;
      assertThat(pings).isBetween(Math.round(periods * 0.3), Math.round(periods) + 2);

      // Stuck: isAlive() blocks, so every probe times out and no ping goes out.
      service.stuck = new CountDownLatch(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> service.stuckProbes.get() >= 1);
      Thread.sleep(200); // pings sent before the probe blocked may still be queued for the listener
      long whileStuck = listener.count("WATCHDOG=1");
      Thread.sleep(1_200); // several liveness timeouts (300 ms) and watchdog periods (200 ms)
      assertThat(listener.count("WATCHDOG=1")).isEqualTo(whileStuck);

      // Answers again, but "not alive": still no pings.
      service.alive.set(false);
      service.stuck.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> service.refusals.get() >= 4);
      Thread.sleep(200);
      assertThat(listener.count("WATCHDOG=1")).isEqualTo(whileStuck);

      service.alive.set(true);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> listener.count("WATCHDOG=1") >= whileStuck + 2);

      controller.requestStop();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
      Thread.sleep(300);
      long afterExit = listener.count("WATCHDOG=1");
      Thread.sleep(600);
      assertThat(listener.count("WATCHDOG=1")).isEqualTo(afterExit);
    }
  }

  @Test
  void noWatchdogWhenItIsMeantForAnotherProcess() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      ServiceController controller =
          new ServiceController(new ReloadableService(), HostOptions.named("demo"));
      Map<String, String> env =
          Map.of(
              "NOTIFY_SOCKET", listener.notifySocket(),
              "WATCHDOG_USEC", "100000",
              "WATCHDOG_PID", "1");

      CompletableFuture<Integer> exit = runInBackground(env, controller);
      await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("READY=1") == 1);
      Thread.sleep(500);
      controller.requestStop();

      assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
      assertThat(listener.count("WATCHDOG=1")).isZero();
    }
  }
}
