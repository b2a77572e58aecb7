package io.svc4j.supervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule for child names, and that the config applies it. */
class ChildNamesTest {

  @Test
  void acceptsOneToSixtyFourSafeCharactersStartingWithALetterOrDigit() {
    assertThat(ChildNames.isValid("a")).isTrue();
    assertThat(ChildNames.isValid("web-1.api_x")).isTrue();
    assertThat(ChildNames.isValid("x".repeat(64))).isTrue();
    assertThat(ChildNames.isValid("x".repeat(65))).isFalse();
    assertThat(ChildNames.isValid("")).isFalse();
    assertThat(ChildNames.isValid(null)).isFalse();
    assertThat(ChildNames.isValid("-web")).isFalse();
    assertThat(ChildNames.isValid("../etc")).isFalse();
    assertThat(ChildNames.isValid("a/b")).isFalse();
  }

  @Test
  void supervisorConfigRefusesWhatTheRuleRefuses() {
    assertThatThrownBy(() -> SupervisorConfig.of("x".repeat(65), List.of("true")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be 1-64 letters");
  }
}
