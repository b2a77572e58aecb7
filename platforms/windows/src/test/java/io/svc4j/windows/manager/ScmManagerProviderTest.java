package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerProvider;
import io.svc4j.manager.Refusal;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.runtime.HostEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ScmManagerProviderTest {

  private static final HostEnvironment WINDOWS = new HostEnvironment(Map.of(), "Windows 11");
  private static final HostEnvironment LINUX = new HostEnvironment(Map.of(), "Linux");

  @Test
  void onlyOnWindows() {
    assertThat(new ScmManagerProvider().detect(LINUX, Scope.SYSTEM)).isEmpty();
    assertThat(ServiceLoader.load(ManagerProvider.class).stream().map(p -> p.type().getName()))
        .contains(ScmManagerProvider.class.getName());
  }

  @Test
  void perUserRequestsAreRefusedWithOneLine() {
    var manager = new ScmManagerProvider().detect(WINDOWS, Scope.USER).orElseThrow();
    Refusal refusal = new Refusal.PerUserService(java.util.Optional.empty());
    assertThat(Refusals.of(() -> manager.status("web"))).isEqualTo(refusal);
    assertThat(Refusals.of(() -> manager.update("web", ServiceUpdate.none().withDescription("x"))))
        .isEqualTo(refusal);
    assertThat(Refusals.of(() -> manager.pause("web", Duration.ZERO))).isEqualTo(refusal);
    assertThat(Refusals.of(() -> manager.resume("web", Duration.ZERO))).isEqualTo(refusal);
    assertThatThrownBy(() -> manager.status("web"))
        .hasMessage(
            "per-user services are not supported on Windows (Windows services are machine-wide)");
  }
}
