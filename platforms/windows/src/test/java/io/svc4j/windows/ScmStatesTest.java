package io.svc4j.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.service.ServiceState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScmStatesTest {

  /** The ServiceState javadoc table, restated: the test fails if the switch drifts from it. */
  private static final Map<ServiceState, Integer> TABLE =
      Map.of(
          ServiceState.STARTING, Scm.START_PENDING,
          ServiceState.RUNNING, Scm.RUNNING,
          ServiceState.PAUSING, Scm.PAUSE_PENDING,
          ServiceState.PAUSED, Scm.PAUSED,
          ServiceState.RESUMING, Scm.CONTINUE_PENDING,
          ServiceState.RELOADING, Scm.RUNNING,
          ServiceState.STOPPING, Scm.STOP_PENDING,
          ServiceState.STOPPED, Scm.STOPPED,
          ServiceState.FAILED, Scm.STOPPED);

  @Test
  void everyStateMapsAsTheTableSays() {
    for (ServiceState state : ServiceState.values()) {
      assertThat(ScmStates.of(state)).as(state.name()).isEqualTo(TABLE.get(state));
    }
  }

  @Test
  void pendingStatesAreExactlyTheFourPendingOnes() {
    assertThat(ScmStates.isPending(Scm.START_PENDING)).isTrue();
    assertThat(ScmStates.isPending(Scm.STOP_PENDING)).isTrue();
    assertThat(ScmStates.isPending(Scm.PAUSE_PENDING)).isTrue();
    assertThat(ScmStates.isPending(Scm.CONTINUE_PENDING)).isTrue();
    assertThat(ScmStates.isPending(Scm.RUNNING)).isFalse();
    assertThat(ScmStates.isPending(Scm.PAUSED)).isFalse();
    assertThat(ScmStates.isPending(Scm.STOPPED)).isFalse();
  }

  @Test
  void pauseAndParamChangeOnlyWhenSupported() {
    int plain = ScmStates.controlsAccepted(ServiceState.RUNNING, false, false, false);
    assertThat(plain).isEqualTo(Scm.ACCEPT_STOP | Scm.ACCEPT_SHUTDOWN);
    int full = ScmStates.controlsAccepted(ServiceState.RUNNING, true, true, false);
    assertThat(full)
        .isEqualTo(
            Scm.ACCEPT_STOP
                | Scm.ACCEPT_SHUTDOWN
                | Scm.ACCEPT_PAUSE_CONTINUE
                | Scm.ACCEPT_PARAMCHANGE);
    assertThat(
            ScmStates.controlsAccepted(ServiceState.PAUSED, true, false, false)
                & Scm.ACCEPT_PAUSE_CONTINUE)
        .isNotZero();
  }

  @Test
  void preshutdownReplacesShutdown() {
    int accepted = ScmStates.controlsAccepted(ServiceState.RUNNING, false, false, true);
    assertThat(accepted & Scm.ACCEPT_PRESHUTDOWN).isNotZero();
    assertThat(accepted & Scm.ACCEPT_SHUTDOWN).isZero();
  }

  @Test
  void startingAcceptsStopSoASlowStartCanBeCancelled() {
    int accepted = ScmStates.controlsAccepted(ServiceState.STARTING, true, true, false);
    assertThat(accepted).isEqualTo(Scm.ACCEPT_STOP | Scm.ACCEPT_SHUTDOWN);
  }

  @Test
  void nothingIsAcceptedOnceStopping() {
    for (ServiceState state :
        new ServiceState[] {ServiceState.STOPPING, ServiceState.STOPPED, ServiceState.FAILED}) {
      assertThat(ScmStates.controlsAccepted(state, true, true, true)).as(state.name()).isZero();
    }
  }
}
