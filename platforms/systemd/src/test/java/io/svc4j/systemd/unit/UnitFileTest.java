package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import org.junit.jupiter.api.Test;

class UnitFileTest {

  @Test
  void rendersCommentsThenSectionsInFirstUseOrder() {
    UnitFile unit =
        UnitFile.builder()
            .comment("generated")
            .add("Unit", "Description", "x")
            .add("Service", "ExecStart", "\"/bin/true\"")
            .add("Unit", "After", "network.target")
            .build();

    assertThat(unit.render())
        .isEqualTo(
            "# generated\n\n[Unit]\nDescription=x\nAfter=network.target\n\n"
                + "[Service]\nExecStart=\"/bin/true\"\n");
    assertThat(unit.values("Unit", "After")).containsExactly("network.target");
  }

  @Test
  void aDirectiveMustFitOnOneUnitFileLine() {
    assertThatThrownBy(() -> new Directive("Description", "a\nb"))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("control character (\\x0a)");
    assertThatThrownBy(() -> new Directive("Description", "ends with \\"))
        .hasMessageContaining("line continuation");
    assertThatThrownBy(() -> new Directive("Description", " padded"))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> new Directive("Bad Key", "v"))
        .hasMessageStartingWith("invalid unit file key 'Bad Key'");
  }

  @Test
  void parsesRawKeyValueLines() {
    assertThat(Directive.parse("LimitNOFILE = 65536"))
        .isEqualTo(new Directive("LimitNOFILE", "65536"));
    assertThat(Directive.parse("ExecStartPre=")).isEqualTo(new Directive("ExecStartPre", ""));
    assertThatThrownBy(() -> Directive.parse("LimitNOFILE"))
        .hasMessage(
            "malformed unit directive 'LimitNOFILE': expected Key=Value, e.g. LimitNOFILE=65536");
    assertThatThrownBy(() -> Directive.parse("=1")).hasMessageStartingWith("malformed");
  }
}
