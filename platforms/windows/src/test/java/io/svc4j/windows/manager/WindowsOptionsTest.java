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
}
