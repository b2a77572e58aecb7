package io.svc4j.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {

  @Test
  void rejectsInvalidNamesWithOneLine() {
    for (String bad : new String[] {"", "-x", "a b", "a/b", "x.service", "ü", "a".repeat(81)}) {
      assertThatThrownBy(() -> ServiceNames.requireValid(bad))
          .isInstanceOf(ManagerException.class)
          .hasMessageStartingWith("invalid service name")
          .hasMessageNotContaining("\n");
    }
    assertThat(ServiceNames.requireValid("hello-http_1.2")).isEqualTo("hello-http_1.2");
  }

  @Test
  void keepsEnvironmentOrderAndDefaultsDisplayName() {
    var def =
        ServiceDefinition.builder("web")
            .command(List.of("/usr/bin/java"))
            .environment("B", "2")
            .environment("A", "1")
            .build();
    assertThat(def.environment().keySet()).containsExactly("B", "A");
    assertThat(def.displayName()).isEqualTo("web");
  }

  @Test
  void requiresACommand() {
    assertThatThrownBy(() -> ServiceDefinition.builder("web").build())
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("no command");
  }

  @Test
  void statusExitCodesFollowSystemctl() {
    assertThat(ServiceStatus.State.RUNNING.statusExitCode()).isZero();
    assertThat(ServiceStatus.State.FAILED.statusExitCode()).isEqualTo(3);
    assertThat(ServiceStatus.State.STOPPED.statusExitCode()).isEqualTo(3);
    assertThat(ServiceStatus.State.NOT_INSTALLED.statusExitCode()).isEqualTo(4);
  }
}
