package io.svc4j.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.control.ChildProgress.Outcome;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.engine.ChildState;
import org.junit.jupiter.api.Test;

class ChildProgressTest {

  private static SupervisedStatus status(String state, String startedAt) {
    return new SupervisedStatus(
        "web",
        ChildState.valueOf(state),
        0,
        startedAt,
        null,
        0,
        null,
        "",
        "",
        "",
        0,
        "",
        0,
        0,
        0,
        null,
        null,
        "",
        null,
        null,
        null);
  }

  @Test
  void restartWaitsForANewRunThenItsOutcome() {
    var p = ChildProgress.afterRestart(status("RUNNING", "t1"));
    assertThat(p.judge(status("RUNNING", "t1"))).as("still the old run").isEqualTo(Outcome.WAITING);
    assertThat(p.judge(status("STOPPED", "t1"))).as("old run stopped").isEqualTo(Outcome.WAITING);
    assertThat(p.judge(status("STARTING", "t2"))).isEqualTo(Outcome.WAITING);
    assertThat(p.judge(status("BACKOFF", "t2"))).isEqualTo(Outcome.WAITING);
    assertThat(p.judge(status("RUNNING", "t3"))).isEqualTo(Outcome.RUNNING);
    assertThat(p.judge(status("FATAL", "t3"))).isEqualTo(Outcome.ENDED);
    assertThat(p.judge(status("EXITED", "t2"))).isEqualTo(Outcome.ENDED);
  }

  @Test
  void restartOfAFatalChildIgnoresTheOldFatal() {
    var p = ChildProgress.afterRestart(status("FATAL", "t1"));
    assertThat(p.judge(status("FATAL", "t1"))).isEqualTo(Outcome.WAITING);
    assertThat(p.judge(status("RUNNING", "t2"))).isEqualTo(Outcome.RUNNING);
  }

  @Test
  void restartOfANeverStartedChildCountsItsFirstRun() {
    var p = ChildProgress.afterRestart(status("STOPPED", null));
    assertThat(p.judge(status("STOPPED", null))).isEqualTo(Outcome.WAITING);
    assertThat(p.judge(status("RUNNING", "t1"))).isEqualTo(Outcome.RUNNING);
  }

  @Test
  void startOfARunningOrStartingChildWaitsForTheCurrentRun() {
    assertThat(ChildProgress.afterStart(status("RUNNING", "t1")).judge(status("RUNNING", "t1")))
        .isEqualTo(Outcome.RUNNING);
    var starting = ChildProgress.afterStart(status("STARTING", "t1"));
    assertThat(starting.judge(status("STARTING", "t1"))).isEqualTo(Outcome.WAITING);
    assertThat(starting.judge(status("EXITED", "t1"))).isEqualTo(Outcome.ENDED);
  }

  @Test
  void startOfAStoppedChildWaitsForANewRun() {
    var p = ChildProgress.afterStart(status("STOPPED", "t1"));
    assertThat(p.judge(status("STOPPED", "t1"))).isEqualTo(Outcome.WAITING);
    assertThat(p.judge(status("STOPPED", "t2")))
        .as("someone stopped the new run")
        .isEqualTo(Outcome.ENDED);
    assertThat(p.judge(status("RUNNING", "t2"))).isEqualTo(Outcome.RUNNING);
  }
}
