package io.svc4j.systemd.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.Platforms;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdPlatformProviderTest {

  private final SystemdPlatformProvider provider = new SystemdPlatformProvider();

  @Test
  void detectsSystemdByEitherVariable() {
    assertThat(provider.detect(new HostEnvironment(Map.of("NOTIFY_SOCKET", "@n"), "Linux")))
        .isPresent();
    assertThat(provider.detect(new HostEnvironment(Map.of("INVOCATION_ID", "abc"), "Linux")))
        .isPresent();
    assertThat(provider.detect(new HostEnvironment(Map.of(), "Linux"))).isEmpty();
    assertThat(provider.detect(new HostEnvironment(Map.of("INVOCATION_ID", ""), "Linux")))
        .isEmpty();
  }

  @Test
  void neverOnWindows() {
    assertThat(provider.detect(new HostEnvironment(Map.of("INVOCATION_ID", "a"), "Windows 11")))
        .isEmpty();
  }

  @Test
  void isFoundThroughTheServiceLoaderAndBeatsTheConsole() {
    assertThat(provider.priority()).isPositive();
    assertThat(
            Platforms.detect(new HostEnvironment(Map.of("INVOCATION_ID", "abc"), "Linux")).name())
        .isEqualTo("systemd");
    assertThat(Platforms.detect(new HostEnvironment(Map.of(), "Linux")).name())
        .isEqualTo("console");
  }
}
