package io.svc4j.windows.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.ExitCodes;
import io.svc4j.runtime.HostOptions;
import io.svc4j.runtime.Outcome;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.Pausable;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import io.svc4j.service.SystemEvent;
import io.svc4j.service.SystemEvents;
import io.svc4j.windows.Scm;
import io.svc4j.windows.runtime.StatusSink.ScmReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScmSessionTest {

  private final List<ScmReport> reports = new CopyOnWriteArrayList<>();
  private final ExecutorService controls = Executors.newSingleThreadExecutor();

  @AfterEach
  void shutdown() {
    controls.shutdownNow();
  }

  private ScmSession session(ServiceController controller, boolean preshutdown) {
    return new ScmSession(controller, reports::add, controls, preshutdown, Duration.ofSeconds(10));
  }

  private ScmReport last() {
    return reports.getLast();
  }

  private void awaitState(int state) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !reports.isEmpty() && last().state() == state);
  }

  @Test
  void startPendingWithRisingCheckPointsThenRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ServiceController controller =
        new ServiceController(
            new Plain() {
              @Override
              public void start(ServiceContext context) throws Exception {
                release.await();
              }
            },
            HostOptions.named("t"));
    ScmSession session = session(controller, false);

    session.begin();
    session.heartbeat();
    session.heartbeat();

    assertThat(reports).extracting(ScmReport::state).containsOnly(Scm.START_PENDING);
    assertThat(reports).extracting(ScmReport::checkPoint).containsExactly(1, 2, 3);
    assertThat(reports).extracting(ScmReport::waitHintMillis).containsOnly(10_000);
    assertThat(last().controlsAccepted()).isEqualTo(Scm.ACCEPT_STOP | Scm.ACCEPT_SHUTDOWN);

    release.countDown();
    awaitState(Scm.RUNNING);
    assertThat(last().checkPoint()).isZero();
    assertThat(last().waitHintMillis()).isZero();
    int before = reports.size();
    session.heartbeat();
    assertThat(reports).as("no heartbeat outside pending states").hasSize(before);
  }

  @Test
  void extendTimeoutRaisesTheWaitHint() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ServiceController controller =
        new ServiceController(
            new Plain() {
              @Override
              public void start(ServiceContext context) throws Exception {
                context.extendTimeout(Duration.ofSeconds(45));
                release.await();
              }
            },
            HostOptions.named("t"));
    session(controller, false).begin();
    await().until(() -> last().waitHintMillis() == 45_000);
    release.countDown();
    awaitState(Scm.RUNNING);
  }

  @Test
  void stopReportsStopPendingThenStoppedWithExitZero() throws Exception {
    ServiceController controller = new ServiceController(new Plain(), HostOptions.named("t"));
    ScmSession session = session(controller, false);
    session.begin();
    awaitState(Scm.RUNNING);

    assertThat(session.handle(Scm.CONTROL_STOP)).isEqualTo(Scm.NO_ERROR);
    Outcome outcome = controller.awaitTermination();
    session.finish(outcome);

    assertThat(reports).extracting(ScmReport::state).contains(Scm.STOP_PENDING);
    ScmReport pending =
        reports.stream().filter(r -> r.state() == Scm.STOP_PENDING).findFirst().orElseThrow();
    assertThat(pending.waitHintMillis()).isEqualTo(30_000); // the stop deadline
    assertThat(pending.controlsAccepted()).isZero();
    assertThat(last()).isEqualTo(new ScmReport(Scm.STOPPED, 0, 0, 0, 0, 0));
  }

  @Test
  void failedStartReportsServiceSpecificExitCode() throws Exception {
    ServiceController controller =
        new ServiceController(
            new Plain() {
              @Override
              public void start(ServiceContext context) {
                throw new IllegalStateException("boom");
              }
            },
            HostOptions.named("t"));
    ScmSession session = session(controller, false);
    session.begin();
    session.finish(controller.awaitTermination());

    assertThat(last())
        .isEqualTo(
            new ScmReport(
                Scm.STOPPED, 0, Scm.ERROR_SERVICE_SPECIFIC_ERROR, ExitCodes.START_FAILED, 0, 0));
    assertThat(reports).extracting(ScmReport::state).doesNotContain(Scm.RUNNING);
  }

  @Test
  void handlerNeverBlocksEvenWhileStartIsStuck() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    ServiceController controller =
        new ServiceController(
            new Plain() {
              @Override
              public void start(ServiceContext context) throws Exception {
                never.await(); // interrupted by the stop
              }
            },
            HostOptions.named("t"));
    ScmSession session = session(controller, false);
    session.begin();

    long began = System.nanoTime();
    assertThat(session.handle(Scm.CONTROL_INTERROGATE)).isEqualTo(Scm.NO_ERROR);
    assertThat(session.handle(Scm.CONTROL_STOP)).isEqualTo(Scm.NO_ERROR);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));

    Outcome outcome = controller.awaitTermination();
    assertThat(outcome.state()).isEqualTo(ServiceState.STOPPED);
  }

  @Test
  void pauseIsRefusedWhenTheServiceCannotPause() throws Exception {
    ServiceController controller = new ServiceController(new Plain(), HostOptions.named("t"));
    ScmSession session = session(controller, false);
    session.begin();
    awaitState(Scm.RUNNING);

    assertThat(session.handle(Scm.CONTROL_PAUSE)).isEqualTo(Scm.ERROR_CALL_NOT_IMPLEMENTED);
    assertThat(session.handle(Scm.CONTROL_PARAMCHANGE)).isEqualTo(Scm.ERROR_CALL_NOT_IMPLEMENTED);
    assertThat(session.handle(Scm.CONTROL_PRESHUTDOWN)).isEqualTo(Scm.ERROR_CALL_NOT_IMPLEMENTED);
    assertThat(session.handle(Scm.CONTROL_SESSIONCHANGE)).isEqualTo(Scm.ERROR_CALL_NOT_IMPLEMENTED);
    assertThat(session.systemEvent(Scm.CONTROL_POWEREVENT, SystemEvent.Suspending::new))
        .as("a service that does not implement SystemEvents does not take them")
        .isEqualTo(Scm.ERROR_CALL_NOT_IMPLEMENTED);
    assertThat(last().controlsAccepted() & Scm.ACCEPT_PAUSE_CONTINUE).isZero();
    controller.requestStop();
  }

  @Test
  void pauseContinueAndReloadOfACapableService() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    ServiceController controller =
        new ServiceController(new Capable(calls), HostOptions.named("t"));
    ScmSession session = session(controller, true);
    session.begin();
    awaitState(Scm.RUNNING);
    assertThat(last().controlsAccepted())
        .isEqualTo(
            Scm.ACCEPT_STOP
                | Scm.ACCEPT_PRESHUTDOWN
                | Scm.ACCEPT_PAUSE_CONTINUE
                | Scm.ACCEPT_PARAMCHANGE);

    assertThat(session.handle(Scm.CONTROL_PAUSE)).isEqualTo(Scm.NO_ERROR);
    awaitState(Scm.PAUSED);
    assertThat(reports).extracting(ScmReport::state).contains(Scm.PAUSE_PENDING);
    assertThat(session.handle(Scm.CONTROL_CONTINUE)).isEqualTo(Scm.NO_ERROR);
    awaitState(Scm.RUNNING);
    assertThat(reports).extracting(ScmReport::state).contains(Scm.CONTINUE_PENDING);
    assertThat(session.handle(Scm.CONTROL_PARAMCHANGE)).isEqualTo(Scm.NO_ERROR);
    await().until(() -> calls.contains("reload"));
    assertThat(session.handle(Scm.CONTROL_PRESHUTDOWN)).isEqualTo(Scm.NO_ERROR);
    session.finish(controller.awaitTermination());
    assertThat(calls).containsExactly("pause", "resume", "reload", "stop");
    assertThat(last().win32ExitCode()).isZero();
  }

  @Test
  void aReloadableServiceThatCannotReloadHereDoesNotAcceptParamChange() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    class Unable extends Plain implements Reloadable {
      @Override
      public void reload(ServiceContext context) {
        calls.add("reload");
      }

      @Override
      public boolean canReload() {
        return false; // e.g. the supervisor with a signal-only reload on Windows
      }
    }
    ServiceController controller = new ServiceController(new Unable(), HostOptions.named("t"));
    ScmSession session = session(controller, false);
    session.begin();
    awaitState(Scm.RUNNING);

    assertThat(last().controlsAccepted() & Scm.ACCEPT_PARAMCHANGE).isZero();
    assertThat(session.handle(Scm.CONTROL_PARAMCHANGE)).isEqualTo(Scm.ERROR_CALL_NOT_IMPLEMENTED);
    assertThat(controller.requestReload()).isFalse();
    assertThat(calls).isEmpty();
    controller.requestStop();
  }

  @Test
  void interrogateRepeatsTheCurrentStatusWithoutAdvancingTheCheckPoint() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ServiceController controller =
        new ServiceController(
            new Plain() {
              @Override
              public void start(ServiceContext context) throws Exception {
                release.await(10, TimeUnit.SECONDS);
              }
            },
            HostOptions.named("t"));
    ScmSession session = session(controller, false);
    session.begin();
    session.handle(Scm.CONTROL_INTERROGATE);
    assertThat(reports).extracting(ScmReport::checkPoint).containsExactly(1, 1);
    release.countDown();
    controller.requestStop();
  }

  /** A clock the test moves: heartbeats are decided by time, not by sleeping. */
  private final java.util.concurrent.atomic.AtomicLong now =
      new java.util.concurrent.atomic.AtomicLong();

  private ScmSession session(ServiceController controller, Duration startTimeout) {
    return new ScmSession(
        controller, reports::add, controls, false, Duration.ofSeconds(10), startTimeout, now::get);
  }

  private static ServiceController hanging(Duration stopDeadline) {
    return new ServiceController(
        new Plain() {
          @Override
          public void start(ServiceContext context) throws Exception {
            Thread.sleep(Duration.ofHours(1)); // a start that never returns by itself
          }
        },
        HostOptions.named("t").withStopDeadline(stopDeadline));
  }

  @Test
  void aStartPastItsTimeoutStopsHeartbeatingAndEndsStoppedWithTheTimeoutCode() throws Exception {
    ServiceController controller = hanging(Duration.ofSeconds(30));
    ScmSession session = session(controller, Duration.ofSeconds(5));

    session.begin();
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    session.heartbeat();
    assertThat(reports).extracting(ScmReport::checkPoint).containsExactly(1, 2);

    now.addAndGet(Duration.ofSeconds(2).toNanos()); // 6 s: past the 5 s start timeout
    session.heartbeat();
    session.heartbeat();
    awaitState(Scm.STOP_PENDING);
    assertThat(reports)
        .as("no START_PENDING heartbeat past the timeout")
        .filteredOn(r -> r.state() == Scm.START_PENDING)
        .hasSize(2);
    Outcome outcome = controller.termination().get(10, TimeUnit.SECONDS);
    session.finish(outcome);

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.START_TIMED_OUT);
    assertThat(last())
        .isEqualTo(
            new ScmReport(
                Scm.STOPPED, 0, Scm.ERROR_SERVICE_SPECIFIC_ERROR, ExitCodes.START_TIMED_OUT, 0, 0));
  }

  @Test
  void extendTimeoutMovesTheStartTimeoutAsSystemdDoes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ServiceController controller =
        new ServiceController(
            new Plain() {
              @Override
              public void start(ServiceContext context) throws Exception {
                release.await();
              }
            },
            HostOptions.named("t"));
    ScmSession session = session(controller, Duration.ofSeconds(5));
    session.begin();

    now.addAndGet(Duration.ofSeconds(4).toNanos());
    controller.context().extendTimeout(Duration.ofSeconds(20)); // until 24 s
    now.addAndGet(Duration.ofSeconds(15).toNanos()); // 19 s
    session.heartbeat();

    assertThat(last().state()).isEqualTo(Scm.START_PENDING);
    assertThat(last().waitHintMillis()).isEqualTo(20_000);
    assertThat(controller.state()).isEqualTo(ServiceState.STARTING);
    release.countDown();
    awaitState(Scm.RUNNING);
    controller.requestStop();
    session.finish(controller.awaitTermination());
  }

  @Test
  void aZeroStartTimeoutMeansNoLimit() throws Exception {
    ServiceController controller = hanging(Duration.ofSeconds(30));
    ScmSession session = session(controller, Duration.ZERO);
    session.begin();
    now.addAndGet(Duration.ofDays(1).toNanos());
    session.heartbeat();

    assertThat(last().state()).isEqualTo(Scm.START_PENDING);
    assertThat(last().checkPoint()).isEqualTo(2);
    controller.requestStop();
    session.finish(controller.awaitTermination());
  }

  @Test
  void noStopPendingHeartbeatPastTheStopDeadline() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ServiceController controller =
        new ServiceController(
            new Plain() {
              @Override
              public void stop(ServiceContext context) {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            HostOptions.named("t").withStopDeadline(Duration.ofSeconds(30)));
    ScmSession session = session(controller, Duration.ofSeconds(5));
    session.begin();
    awaitState(Scm.RUNNING);
    controller.requestStop();
    awaitState(Scm.STOP_PENDING);
    int before = reports.size();
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    session.heartbeat();
    assertThat(reports).hasSize(before + 1);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    session.heartbeat();
    assertThat(reports)
        .as("past the stop deadline: no more claims of progress")
        .hasSize(before + 1);
    release.countDown();
    session.finish(controller.awaitTermination());
  }

  private static class Plain implements Service {
    @Override
    public void start(ServiceContext context) throws Exception {}

    @Override
    public void stop(ServiceContext context) {}
  }

  private static final class Capable extends Plain implements Pausable, Reloadable {
    private final List<String> calls;

    Capable(List<String> calls) {
      this.calls = calls;
    }

    @Override
    public void stop(ServiceContext context) {
      calls.add("stop");
    }

    @Override
    public void pause(ServiceContext context) {
      calls.add("pause");
    }

    @Override
    public void resume(ServiceContext context) {
      calls.add("resume");
    }

    @Override
    public void reload(ServiceContext context) {
      calls.add("reload");
    }
  }

  @Test
  void sessionAndPowerEventsReachAServiceThatWantsThem() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    class Listening extends Plain implements SystemEvents {
      @Override
      public void systemEvent(SystemEvent event) {
        events.add(event.toString());
      }
    }
    ServiceController controller = new ServiceController(new Listening(), HostOptions.named("t"));
    ScmSession session = session(controller, false);
    session.begin();
    awaitState(Scm.RUNNING);
    assertThat(last().controlsAccepted() & (Scm.ACCEPT_SESSIONCHANGE | Scm.ACCEPT_POWEREVENT))
        .isEqualTo(Scm.ACCEPT_SESSIONCHANGE | Scm.ACCEPT_POWEREVENT);

    assertThat(
            session.systemEvent(
                Scm.CONTROL_SESSIONCHANGE,
                () -> new SystemEvent.SessionChanged(SystemEvent.SessionChange.LOGON, 2)))
        .isEqualTo(Scm.NO_ERROR);
    assertThat(session.systemEvent(Scm.CONTROL_POWEREVENT, SystemEvent.Suspending::new))
        .isEqualTo(Scm.NO_ERROR);

    await().until(() -> events.size() == 2);
    assertThat(events).containsExactly("SessionChanged[change=LOGON, sessionId=2]", "Suspending[]");
    controller.requestStop();
  }
}
