package io.svc4j.systemd.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.systemd.testing.DatagramListener;
import io.svc4j.systemd.testing.DatagramListener.Datagram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {

  private static SdNotify notifying(DatagramListener listener) {
    return new SdNotify(env(Map.of("NOTIFY_SOCKET", listener.notifySocket())));
  }

  private static HostEnvironment env(Map<String, String> variables) {
    return new HostEnvironment(variables, "Linux");
  }

  @Test
  void reachesAnAbstractSocketBoundWithoutTrailingNul() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      // What the kernel bound is exactly the name: a trailing NUL would show as a second '@'.
      assertThat(listener.kernelName()).isEqualTo(listener.notifySocket());

      assertThat(notifying(listener).ready()).isTrue();

      assertThat(listener.nextText()).isEqualTo("READY=1");
    }
  }

  @Test
  void reachesAPathSocket(@TempDir Path dir) throws Exception {
    try (DatagramListener listener = DatagramListener.onPath(dir.resolve("notify"))) {
      assertThat(notifying(listener).stopping()).isTrue();

      assertThat(listener.nextText()).isEqualTo("STOPPING=1");
    }
  }

  @Test
  void nonAsciiStatusArrivesByteForByte() throws Exception {
    String status = "Grüße 🚀 — ready";
    byte[] expected = ("STATUS=" + status).getBytes(StandardCharsets.UTF_8);
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      notifying(listener).status(status);

      Datagram datagram = listener.next(Duration.ofSeconds(10));
      assertThat(datagram.bytes()).isEqualTo(expected);
      // The bug this guards against: String.length() counts UTF-16 units, not bytes.
      assertThat(datagram.bytes().length)
          .isEqualTo(expected.length)
          .isNotEqualTo(("STATUS=" + status).length());
    }
  }

  @Test
  void statusIsOneLine() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      notifying(listener).status("two\nlines\r\nand\rmore");

      assertThat(listener.nextText()).isEqualTo("STATUS=two lines and more");
    }
  }

  @Test
  void reloadingCarriesTheMonotonicClockInTheSameDatagram() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      long before = MonotonicClock.nowMicros();
      notifying(listener).reloading();
      long after = MonotonicClock.nowMicros();

      String[] lines = listener.nextText().split("\n");
      assertThat(lines).hasSize(2);
      assertThat(lines[0]).isEqualTo("RELOADING=1");
      assertThat(lines[1]).startsWith("MONOTONIC_USEC=");
      assertThat(Long.parseLong(lines[1].substring("MONOTONIC_USEC=".length())))
          .isBetween(before, after);
    }
  }

  @Test
  void monotonicClockIsClockMonotonic() {
    // HotSpot on Linux implements nanoTime with CLOCK_MONOTONIC, which makes it a reference here.
    long ours = MonotonicClock.nowMicros();
    long jvm = System.nanoTime() / 1_000;

    assertThat(ours).isCloseTo(jvm, org.assertj.core.data.Offset.offset(1_000_000L));
  }

  @Test
  void otherMessages() throws Exception {
    try (DatagramListener listener = DatagramListener.onAbstractName()) {
      SdNotify notify = notifying(listener);
      notify.watchdog();
      notify.extendTimeout(Duration.ofMillis(2500));
      notify.errno(98);
      notify.send("READY=1\nSTATUS=both at once");

      assertThat(listener.nextText()).isEqualTo("WATCHDOG=1");
      assertThat(listener.nextText()).isEqualTo("EXTEND_TIMEOUT_USEC=2500000");
      assertThat(listener.nextText()).isEqualTo("ERRNO=98");
      assertThat(listener.nextText()).isEqualTo("READY=1\nSTATUS=both at once");
    }
  }

  @Test
  void withoutNotifySocketEverythingIsASilentNoOp() {
    SdNotify notify = new SdNotify(env(Map.of()));

    assertThat(notify.isEnabled()).isFalse();
    assertThat(notify.ready()).isFalse();
    assertThat(notify.status("x")).isFalse();
    assertThat(notify.reloading()).isFalse();
    assertThat(notify.watchdog()).isFalse();
  }

  @Test
  void anUnusableNotifySocketDisablesNotifying() {
    assertThat(new SdNotify(env(Map.of("NOTIFY_SOCKET", "relative"))).isEnabled()).isFalse();
    assertThat(new SdNotify(env(Map.of("NOTIFY_SOCKET", ""))).isEnabled()).isFalse();
  }

  @Test
  void aManagerThatIsGoneDoesNotBreakTheService(@TempDir Path dir) {
    SdNotify notify = new SdNotify(env(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString())));

    assertThat(notify.isEnabled()).isTrue();
    assertThat(notify.ready()).isFalse();
    assertThat(notify.ready()).isFalse();
  }
}
