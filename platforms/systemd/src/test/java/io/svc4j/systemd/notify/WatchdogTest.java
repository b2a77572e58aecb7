package io.svc4j.systemd.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.systemd.testing.DatagramListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
      try (Watchdog watchdog = Watchdog.start(notify, alive::get, Duration.ofMillis(100))) {
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.count("WATCHDOG=1") >= 3);

        alive.set(false);
        Thread.sleep(300); // a ping already decided on may still be on its way
        long whileDead = listener.count("WATCHDOG=1");
        Thread.sleep(700);
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
