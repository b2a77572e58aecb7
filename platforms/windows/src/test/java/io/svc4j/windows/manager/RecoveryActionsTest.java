package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.RestartPolicy;
import io.svc4j.windows.manager.RecoveryActions.Action;
import io.svc4j.windows.manager.RecoveryActions.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryActionsTest {

  @Test
  void restartPolicyBecomesBoundedRestartsThenNothing() {
    RecoveryActions actions =
        RecoveryActions.from(
            new RestartPolicy(
                RestartPolicy.Mode.ON_FAILURE, Duration.ofSeconds(5), 2, Duration.ofMinutes(10)));
    assertThat(actions.actions())
        .containsExactly(
            new Action(Kind.RESTART, Duration.ofSeconds(5)),
            new Action(Kind.RESTART, Duration.ofSeconds(5)),
            new Action(Kind.NONE, Duration.ZERO));
    assertThat(actions.resetPeriodSeconds()).isEqualTo(600);
    assertThat(actions.onNonCrashFailures()).isTrue();
    assertThat(actions.actions().getFirst().delayMillis()).isEqualTo(5000);
    assertThat(actions.describe())
        .isEqualTo("restart/5000ms, restart/5000ms, none; reset 600s; also on non-crash failures");
  }

  @Test
  void noRestartMeansNoActions() {
    RecoveryActions none =
        RecoveryActions.from(
            new RestartPolicy(RestartPolicy.Mode.NO, Duration.ZERO, 1, Duration.ofSeconds(1)));
    assertThat(none.actions()).isEmpty();
    assertThat(none.describe()).isEqualTo("none");
  }

  @Test
  void largeBurstsAreCappedAtTheLimit() {
    RecoveryActions many =
        RecoveryActions.from(
            new RestartPolicy(
                RestartPolicy.Mode.ALWAYS, Duration.ofSeconds(1), 100, Duration.ofHours(1)));
    assertThat(many.actions()).hasSize(RecoveryActions.MAX_ACTIONS);
  }

  @Test
  void rebootAndCommandsAreNotInstalled() {
    var reboot =
        new RecoveryActions(List.of(new Action(Kind.REBOOT, Duration.ZERO)), Duration.ZERO, true);
    assertThatThrownBy(reboot::requireInstallable)
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("REBOOT is not supported");
    assertThat(Kind.of(3)).isEqualTo(Kind.RUN_COMMAND);
  }

  @Test
  void outOfRangeDelaysAreRefused() {
    assertThatThrownBy(() -> new Action(Kind.RESTART, Duration.ofDays(60)))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> new Action(Kind.RESTART, Duration.ofSeconds(-1)))
        .hasMessageContaining("out of range");
  }
}
