package io.svc4j.systemd.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.systemd.testing.DatagramListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class WatchdogTest {

  private static HostEnvironment env(Map<String, String> variables) {
    return new HostEnvironment(variables, "Linux");
  }

  @Test
  void periodIsHalfTheWatchdogInterval() {
    assertThat(Watchdog.period(env(Map.of("WATCHDOG_USEC", "400000")), 42))
        .contains(Duration.ofMillis(200));
    assertThat(Watchdog.period(env(Map.of("WATCHDOG_USEC", "3", "WATCHDOG_PID", "42")), 42))
        .contains(Duration.ofNanos(1500));
  }

  @Test
  void noPeriodWhenUnsetInvalidOrMeantForAnotherProcess() {
    assertThat(Watchdog.period(env(Map.of()), 42)).isEmpty();
    assertThat(Watchdog.period(env(Map.of("WATCHDOG_USEC", "soon")), 42)).isEmpty();
    assertThat(Watchdog.period(env(Map.of("WATCHDOG_USEC", "0")), 42)).isEmpty();
    assertThat(Watchdog.period(env(Map.of("WATCHDOG_USEC", "400000", "WATCHDOG_PID", "7")), 42))
        .isEmpty();
  }

  @Test
  void pingsWhileAliveOnlyAndStopsWhenClosed() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      SdNotify notify = new SdNotify(env(Map.of("NOTIFY_SOCKET", listener.notifySocket())));
      AtomicBoolean alive = new AtomicBoolean(true);
      AtomicInteger refusals = new AtomicInteger();
      BooleanSupplier probe =
          () -> {
            boolean answer = alive.get();
            if (!answer) {
              refusals.incrementAndGet();
            }
            return answer;
          };
      try (Watchdog watchdog = Watchdog.start(notify, probe, Duration.ofMillis(100))) {
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("WATCHDOG=1") >= 3);

        alive.set(false);
        // Ticks run one after another: once a probe said no, every earlier ping has been sent.
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 1);
        Thread.sleep(200); // for the listener thread to read what is already queued
        long whileDead = listener.count("WATCHDOG=1");
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.get() >= 6);
        Thread.sleep(200);
        assertThat(listener.count("WATCHDOG=1")).isEqualTo(whileDead);

        alive.set(true);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> listener.count("WATCHDOG=1") >= whileDead + 2);
      }
      Thread.sleep(300);
      long afterClose = listener.count("WATCHDOG=1");
      Thread.sleep(500);
      assertThat(listener.count("WATCHDOG=1")).isEqualTo(afterClose);
    }
  }
}
