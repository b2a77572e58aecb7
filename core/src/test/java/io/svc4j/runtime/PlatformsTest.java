package io.svc4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformsTest {

  record Named(String name) implements Platform {
    @Override
    public int run(ServiceController controller) {
      return 0;
    }
  }

  static PlatformProvider provider(String name, int priority, String requiredVariable) {
    return new PlatformProvider() {
      @Override
      public int priority() {
        return priority;
      }

      @Override
      public Optional<Platform> detect(HostEnvironment env) {
        return env.variable(requiredVariable).map(v -> new Named(name));
      }
    };
  }

  @Test
  void fallsBackToConsoleWhenNothingDetects() {
    var env = new HostEnvironment(Map.of(), "Linux");
    assertThat(Platforms.detect(env, List.of(provider("systemd", 10, "NOTIFY_SOCKET"))).name())
        .isEqualTo("console");
  }

  @Test
  void highestPriorityDetectedPlatformWins() {
    var env = new HostEnvironment(Map.of("NOTIFY_SOCKET", "@x", "OTHER", "1"), "Linux");
    var providers =
        List.of(provider("other", 5, "OTHER"), provider("systemd", 10, "NOTIFY_SOCKET"));
    assertThat(Platforms.detect(env, providers).name()).isEqualTo("systemd");
  }

  @Test
  void emptyVariablesDoNotCount() {
    var env = new HostEnvironment(Map.of("NOTIFY_SOCKET", ""), "Linux");
    assertThat(env.variable("NOTIFY_SOCKET")).isEmpty();
  }
}
