package io.svc4j.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.engine.ChildState;
import org.junit.jupiter.api.Test;

class SupervisorStatusTest {

  private static SupervisedStatus status(Integer generation, String loadedAt) {
    return new SupervisedStatus(
        "web",
        ChildState.RUNNING,
        42,
        "t1",
        5L,
        0,
        null,
        "",
        "",
        "",
        0,
        "",
        1,
        0,
        0,
        null,
        null,
        "",
        generation,
        loadedAt,
        null);
  }

  @Test
  void theBlockNamesTheConfigGenerationWhenTheSupervisorRereadsAFile() {
    assertThat(SupervisorStatus.block(status(3, "2026-12-01T07:34:14Z")))
        .contains("  config:  generation 3, loaded at 2026-12-01T07:34:14Z\n");
    assertThat(SupervisorStatus.block(status(null, null))).doesNotContain("config:");
  }
}
