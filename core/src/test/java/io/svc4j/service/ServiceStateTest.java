package io.svc4j.service;

import static io.svc4j.service.ServiceState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ServiceStateTest {

  @Test
  void terminalStatesLeadNowhere() {
    for (ServiceState next : ServiceState.values()) {
      assertThat(STOPPED.canMoveTo(next)).isFalse();
      assertThat(FAILED.canMoveTo(next)).isFalse();
    }
    assertThat(EnumSet.allOf(ServiceState.class).stream().filter(ServiceState::isTerminal))
        .containsExactlyInAnyOrder(STOPPED, FAILED);
  }

  @Test
  void everyLiveStateCanStopAndFail() {
    for (ServiceState s : ServiceState.values()) {
      if (!s.isTerminal() && s != STOPPING) {
        assertThat(s.canMoveTo(STOPPING)).as(s + " -> STOPPING").isTrue();
      }
      if (!s.isTerminal()) {
        assertThat(s.canMoveTo(FAILED)).as(s + " -> FAILED").isTrue();
      }
    }
  }

  @Test
  void pauseOnlyFromRunningAndResumeOnlyFromPaused() {
    assertThat(RUNNING.canMoveTo(PAUSING)).isTrue();
    assertThat(STARTING.canMoveTo(PAUSING)).isFalse();
    assertThat(PAUSED.canMoveTo(PAUSING)).isFalse();
    assertThat(PAUSED.canMoveTo(RESUMING)).isTrue();
    assertThat(RUNNING.canMoveTo(RESUMING)).isFalse();
    assertThat(PAUSED.canMoveTo(RELOADING)).isFalse();
  }

  @Test
  void cannotGoBackToStarting() {
    for (ServiceState s : ServiceState.values()) {
      assertThat(s.canMoveTo(STARTING)).as(s + " -> STARTING").isFalse();
    }
    assertThat(STOPPING.canMoveTo(RUNNING)).isFalse();
  }
}
