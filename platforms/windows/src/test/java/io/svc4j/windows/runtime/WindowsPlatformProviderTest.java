package io.svc4j.windows.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.PlatformProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class WindowsPlatformProviderTest {

  @Test
  void offersTheScmPlatformOnWindowsOnly() {
    var provider = new WindowsPlatformProvider();
    assertThat(provider.detect(new HostEnvironment(Map.of(), "Windows Server 2022")))
        .get()
        .extracting(p -> p.name())
        .isEqualTo("windows-scm");
    assertThat(provider.detect(new HostEnvironment(Map.of(), "Linux"))).isEmpty();
  }

  @Test
  void isRegisteredAndOutranksTheConsole() {
    assertThat(ServiceLoader.load(PlatformProvider.class).stream().map(p -> p.type().getName()))
        .contains(WindowsPlatformProvider.class.getName());
    assertThat(new WindowsPlatformProvider().priority()).isGreaterThan(0);
  }
}
