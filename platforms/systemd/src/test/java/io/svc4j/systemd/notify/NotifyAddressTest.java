package io.svc4j.systemd.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NotifyAddressTest {

  @Test
  void abstractNameHasLeadingNulAndNoTrailingNul() {
    NotifyAddress address = NotifyAddress.parse("@sd-notify");

    assertThat(address.length()).isEqualTo(2 + 1 + "sd-notify".length());
    byte[] used = Arrays.copyOfRange(address.sockaddr(), 2, address.length());
    assertThat(used[0]).isZero();
    assertThat(new String(used, 1, used.length - 1, StandardCharsets.US_ASCII))
        .isEqualTo("sd-notify");
  }

  @Test
  void abstractNameLengthCountsUtf8Bytes() {
    NotifyAddress address = NotifyAddress.parse("@grüße");

    assertThat(address.length()).isEqualTo(2 + 1 + "grüße".getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void pathIsNulTerminated() {
    NotifyAddress address = NotifyAddress.parse("/run/systemd/notify");

    assertThat(address.length()).isEqualTo(2 + "/run/systemd/notify".length() + 1);
    assertThat(address.sockaddr()[2]).isEqualTo((byte) '/');
    assertThat(address.sockaddr()[address.length() - 1]).isZero();
  }

  @Test
  void familyIsAfUnix() {
    byte[] sockaddr = NotifyAddress.parse("@x").sockaddr();

    assertThat((sockaddr[0] & 0xff) | (sockaddr[1] & 0xff)).isEqualTo(1);
    assertThat(sockaddr).hasSize(110);
  }

  @Test
  void longestPathFits() {
    String path = "/" + "p".repeat(106);

    assertThat(NotifyAddress.parse(path).length()).isEqualTo(110);
    assertThatThrownBy(() -> NotifyAddress.parse(path + "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than the 107 bytes");
  }

  @Test
  void rejectsWhatItCannotSpeak() {
    assertThatThrownBy(() -> NotifyAddress.parse("relative/socket"))
        .hasMessageContaining("NOTIFY_SOCKET=relative/socket")
        .hasMessageContaining("absolute socket path or an @abstract name");
    assertThatThrownBy(() -> NotifyAddress.parse("vsock:2:1234")).hasMessageContaining("vsock");
    assertThatThrownBy(() -> NotifyAddress.parse("@")).hasMessageContaining("1 to 107 bytes");
    assertThatThrownBy(() -> NotifyAddress.parse("@" + "n".repeat(108)))
        .hasMessageContaining("1 to 107 bytes");
  }
}
