package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsOptionsTest {

  @Test
  void invalidValuesFailAtConstruction() {
    assertThatThrownBy(() -> WindowsOptions.DEFAULTS.withDependencies(List.of("a\\b")))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("invalid dependency");
    assertThatThrownBy(() -> WindowsOptions.DEFAULTS.withPreshutdownTimeout(Duration.ZERO))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> WindowsOptions.DEFAULTS.withStartType(null))
        .hasMessageContaining("auto, delayed-auto, manual or disabled");
  }

  @Test
  void fromFlagsParsesWhatTheCliGives() {
    WindowsOptions options =
        WindowsOptions.fromFlags(
            "delayed-auto",
            "NetworkService",
            null,
            false,
            List.of("Tcpip"),
            Duration.ofSeconds(30),
            "restricted",
            false);
    org.assertj.core.api.Assertions.assertThat(options.startType())
        .isEqualTo(StartType.DELAYED_AUTO);
    org.assertj.core.api.Assertions.assertThat(options.account())
        .isInstanceOf(ServiceAccount.NetworkService.class);
    org.assertj.core.api.Assertions.assertThat(options.dependencies()).containsExactly("Tcpip");
    org.assertj.core.api.Assertions.assertThat(options.preshutdownTimeout())
        .contains(Duration.ofSeconds(30));
    org.assertj.core.api.Assertions.assertThat(options.sidType()).isEqualTo(SidType.RESTRICTED);
    org.assertj.core.api.Assertions.assertThat(options.eventSource()).isFalse();
    org.assertj.core.api.Assertions.assertThat(
            WindowsOptions.fromFlags(null, null, null, false, null, null, null, true))
        .isEqualTo(WindowsOptions.DEFAULTS);
  }

  @Test
  void fromFlagsRefusesInconsistentPasswordFlags() {
    assertThatThrownBy(
            () ->
                WindowsOptions.fromFlags(
                    null, "CORP\\svc", java.nio.file.Path.of("pw"), true, null, null, null, true))
        .hasMessage("give either --password-file or --password-prompt, not both");
    assertThatThrownBy(
            () ->
                WindowsOptions.fromFlags(
                    null, null, java.nio.file.Path.of("pw"), false, null, null, null, true))
        .hasMessageContaining("a password needs an account");
    assertThatThrownBy(
            () -> WindowsOptions.fromFlags(null, "CORP\\svc", null, false, null, null, null, true))
        .hasMessageContaining("--password-file FILE or --password-prompt");
  }
}
