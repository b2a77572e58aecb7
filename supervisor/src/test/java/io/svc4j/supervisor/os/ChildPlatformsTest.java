package io.svc4j.supervisor.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.runtime.HostEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OS implementations are found through META-INF/services, one per kind of host. */
class ChildPlatformsTest {

  private static String providerFor(String osName) {
    return ChildPlatforms.provider(new HostEnvironment(Map.of(), osName)).getClass().getName();
  }

  @Test
  void eachHostGetsItsOwnPlatform() {
    assertThat(providerFor("Linux")).isEqualTo("io.svc4j.supervisor.linux.LinuxPlatformProvider");
    assertThat(providerFor("Windows Server 2022"))
        .isEqualTo("io.svc4j.supervisor.windows.WindowsPlatformProvider");
  }
}
