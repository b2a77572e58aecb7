package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.systemd.unit.SystemdOptions.KillMode;
import io.svc4j.systemd.unit.SystemdOptions.UnitSection;
import org.junit.jupiter.api.Test;

class SystemdOptionsTest {

  @Test
  void defaultsAreHardenedWithMixedKillMode() {
    assertThat(SystemdOptions.DEFAULTS.hardening()).isTrue();
    assertThat(SystemdOptions.DEFAULTS.killMode()).isEqualTo(KillMode.MIXED);
    assertThat(SystemdOptions.DEFAULTS.extraDirectives()).isEmpty();
  }

  @Test
  void extraDirectivesAcceptTheCommandLineForms() {
    SystemdOptions options =
        SystemdOptions.builder()
            .extra("Service.LimitNOFILE=65536")
            .extra("[Unit]Wants=network-online.target")
            .extra("install.Also=other.service")
            .extra(UnitSection.SERVICE, "Nice=5")
            .build();

    assertThat(options.extra(UnitSection.SERVICE))
        .containsExactly(new Directive("LimitNOFILE", "65536"), new Directive("Nice", "5"));
    assertThat(options.extra(UnitSection.UNIT))
        .containsExactly(new Directive("Wants", "network-online.target"));
    assertThat(options.extra(UnitSection.INSTALL))
        .containsExactly(new Directive("Also", "other.service"));
  }

  @Test
  void malformedExtraDirectivesAreRefusedInOneLine() {
    assertThatThrownBy(() -> SystemdOptions.builder().extra("LimitNOFILE=1"))
        .hasMessage(
            "malformed systemd directive 'LimitNOFILE=1': expected Section.Key=Value, e.g."
                + " Service.LimitNOFILE=65536");
    assertThatThrownBy(() -> SystemdOptions.builder().extra("Timer.OnCalendar=daily"))
        .hasMessage("unknown unit file section 'Timer': use Unit, Service or Install");
    assertThatThrownBy(() -> SystemdOptions.builder().extra("Service.Environment=A=1\nB=2"))
        .hasMessageContaining("control character");
  }
}
