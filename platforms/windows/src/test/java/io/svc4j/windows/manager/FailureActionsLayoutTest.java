package io.svc4j.windows.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.platform.win32.Winsvc;
import io.svc4j.windows.manager.RecoveryActions.Action;
import io.svc4j.windows.manager.RecoveryActions.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureActionsLayoutTest {

  private static final RecoveryActions ACTIONS =
      new RecoveryActions(
          List.of(
              new Action(Kind.RESTART, Duration.ofSeconds(2)),
              new Action(Kind.RESTART, Duration.ofSeconds(30)),
              new Action(Kind.NONE, Duration.ZERO)),
          Duration.ofHours(1),
          true);

  @Test
  void roundTrips() {
    var encoded = FailureActionsLayout.encode(ACTIONS);
    assertThat(FailureActionsLayout.decode(encoded.info(), true)).isEqualTo(ACTIONS);
  }

  @Test
  void matchesJnaPlatformsOwnStructureLayout() {
    var encoded = FailureActionsLayout.encode(ACTIONS);
    var struct = new Winsvc.SERVICE_FAILURE_ACTIONS(encoded.info());
    assertThat(struct.size()).isEqualTo((int) encoded.info().size());
    assertThat(struct.dwResetPeriod).isEqualTo(3600);
    assertThat(struct.cActions).isEqualTo(3);
    Winsvc.SC_ACTION[] actions = (Winsvc.SC_ACTION[]) struct.lpsaActions.toArray(3);
    assertThat(actions[0].type).isEqualTo(1);
    assertThat(actions[1].delay).isEqualTo(30_000);
    assertThat(actions[2].type).isZero();
  }

  @Test
  void noActionsIsANullArray() {
    var encoded = FailureActionsLayout.encode(RecoveryActions.NONE);
    assertThat(FailureActionsLayout.decode(encoded.info(), false).actions()).isEmpty();
  }
}
