package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.windows.Scm;
import org.junit.jupiter.api.Test;

class StartTypeTest {

  @Test
  void encodesAndReadsBack() {
    for (StartType type : StartType.values()) {
      assertThat(StartType.of(type.scmStartType(), type.delayed())).isEqualTo(type);
    }
    assertThat(StartType.DELAYED_AUTO.scmStartType()).isEqualTo(Scm.START_AUTO);
    assertThat(StartType.DELAYED_AUTO.delayed()).isTrue();
    assertThat(StartType.MANUAL.scmStartType()).isEqualTo(Scm.START_DEMAND);
    assertThat(StartType.DISABLED.scmStartType()).isEqualTo(Scm.START_DISABLED);
  }

  @Test
  void parsesCliValuesWithOneLineErrors() {
    assertThat(StartType.parse("Delayed-Auto")).isEqualTo(StartType.DELAYED_AUTO);
    assertThat(StartType.parse("manual")).isEqualTo(StartType.MANUAL);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StartType.parse("sometimes"))
        .hasMessage("invalid start type 'sometimes': use auto, delayed-auto, manual or disabled");
    assertThat(SidType.parse("restricted")).isEqualTo(SidType.RESTRICTED);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SidType.parse("x"))
        .hasMessageContaining("use none, unrestricted or restricted");
  }
}
