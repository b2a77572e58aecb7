package io.svc4j.supervisor.engine;

import static io.svc4j.supervisor.engine.ChildState.RUNNING;
import static io.svc4j.supervisor.engine.ChildState.STARTING;
import static io.svc4j.supervisor.engine.ChildState.STOPPED;
import static io.svc4j.supervisor.engine.ChildState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scan of the process table that hangs (a /proc/PID/environ read waits on a process whose memory
 * map stays locked) never keeps a stop waiting: the engine's event thread does not read /proc, the
 * scan thread does and reports back. Each test fails before that change with the fake's "the event
 * thread waits on a /proc scan that hangs". The same with real processes: SupervisorScanHangTest.
 */
class HangingScanTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  private static ChildEngineTest.Harness running() {
    var h =
        new ChildEngineTest.Harness(
            SupervisorConfig.of("fake", List.of("fake-program"))
                .withReadiness(ReadinessSettings.uptime(SECOND)));
    h.start();
    h.advance(SECOND);
    assertThat(h.state()).isEqualTo(RUNNING);
    return h;
  }

  @Test
  void aStopIsHandledWhileTheUpkeepScanHangs() {
    var h = running();
    h.platform.scansHang = true;
    h.advance(Duration.ofSeconds(2)); // the upkeep's first round is due
    assertThat(h.scanThread).as("the round waits on the scan thread").hasSize(1);

    var stopped = h.stop();
    assertThat(h.state()).isEqualTo(STOPPING);
    h.settle();
    assertThat(stopped).isCompletedWithValue(STOPPED);
    assertThat(h.platform.stops).containsExactly("TERM 1000");

    h.platform.scansHang = false; // the scan returns at last: its round changes nothing
    h.settle();
    assertThat(h.state()).isEqualTo(STOPPED);
  }

  @Test
  void aStopIsHandledWhileTheTreeCheckAfterAnExitHangs() {
    var h = running();
    h.platform.scansHang = true;
    h.exit(1);
    assertThat(h.state()).as("waits for the check of what the child left").isEqualTo(RUNNING);

    var stopped = h.stop();
    assertThat(h.state()).isEqualTo(STOPPING);
    h.settle();
    assertThat(stopped).isCompletedWithValue(STOPPED);

    h.platform.scansHang = false;
    h.settle();
    assertThat(h.state()).as("the late check of an ended run is dropped").isEqualTo(STOPPED);
    assertThat(h.platform.launched).hasSize(1);
  }

  @Test
  void aTimerOfAnExitedChildMovesNothingWhileTheTreeIsChecked() {
    var h = running();
    h.platform.scansHang = true;
    h.exit(0);
    h.engine.stop(); // a stop request still moves it
    h.loop.runPending();
    assertThat(h.state()).isEqualTo(STOPPING);
    h.platform.scansHang = false;
    h.settle();
    assertThat(h.state()).isEqualTo(STOPPED);
  }

  @Test
  void aStopIsHandledWhileTheLeftoverCheckHangs() {
    var h =
        new ChildEngineTest.Harness(
            SupervisorConfig.of("fake", List.of("fake-program"))
                .withReadiness(ReadinessSettings.uptime(SECOND)));
    h.platform.scansHang = true;
    h.start();
    assertThat(h.state()).isEqualTo(STARTING);
    assertThat(h.reason()).isEqualTo("checking for leftovers of a previous instance");

    var stopped = h.stop();
    h.settle();
    assertThat(stopped).isCompletedWithValue(STOPPED);

    h.platform.scansHang = false;
    h.settle();
    assertThat(h.platform.launched).as("the late check launches nothing").isEmpty();
    assertThat(h.state()).isEqualTo(STOPPED);

    h.start(); // a new start checks again, then launches
    h.advance(SECOND);
    assertThat(h.state()).isEqualTo(RUNNING);
    assertThat(h.platform.launched).hasSize(1);
  }
}
