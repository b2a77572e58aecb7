package io.svc4j.runtime;

import static io.svc4j.service.ServiceState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.service.Pausable;
import io.svc4j.service.Reloadable;
import io.svc4j.service.Service;
import io.svc4j.service.ServiceContext;
import io.svc4j.service.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceControllerTest {

  private final List<String> events = new CopyOnWriteArrayList<>();

  private ServiceController controller(Service service, Duration stopDeadline) {
    var c = new ServiceController(service, HostOptions.named("t").withStopDeadline(stopDeadline));
    c.addListener(
        new LifecycleListener() {
          @Override
          public void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
            events.add(String.valueOf(to));
          }

          @Override
          public void statusChanged(String text) {
            events.add("status:" + text);
          }

          @Override
          public void timeoutExtended(Duration extra) {
            events.add("extend:" + extra.toMillis());
          }
        });
    return c;
  }

  @Test
  void startReadyStopInOrder() throws Exception {
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) {
                ctx.extendTimeout(Duration.ofSeconds(5));
                ctx.status("up");
              }

              @Override
              public void stop(ServiceContext ctx) {}
            },
            Duration.ofSeconds(5));
    c.start();
    await().until(() -> c.state() == RUNNING);
    assertThat(c.requestStop()).isTrue();
    assertThat(c.requestStop()).as("second stop is a no-op").isFalse();
    Outcome outcome = c.awaitTermination();
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(events)
        .containsExactly("STARTING", "extend:5000", "status:up", "RUNNING", "STOPPING", "STOPPED");
    assertThat(c.statusText()).isEqualTo("up");
  }

  @Test
  void failedStartExitsWithStartFailed() throws Exception {
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) {
                throw new IllegalStateException("port in use");
              }

              @Override
              public void stop(ServiceContext ctx) {
                events.add("stop-called");
              }
            },
            Duration.ofSeconds(5));
    c.start();
    Outcome outcome = c.awaitTermination();
    assertThat(outcome.state()).isEqualTo(FAILED);
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.START_FAILED);
    assertThat(outcome.cause()).hasMessage("port in use");
    assertThat(events).containsExactly("STARTING", "FAILED");
  }

  @Test
  void slowStartStillReceivesStop() throws Exception {
    var startEntered = new CountDownLatch(1);
    var interrupted = new AtomicBoolean();
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) throws InterruptedException {
                startEntered.countDown();
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  interrupted.set(true);
                  throw e;
                }
              }

              @Override
              public void stop(ServiceContext ctx) {
                events.add("stop-called");
              }
            },
            Duration.ofSeconds(10));
    c.start();
    assertThat(startEntered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(c.requestStop()).isTrue();
    Outcome outcome = c.awaitTermination();
    assertThat(interrupted).isTrue();
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(events).containsExactly("STARTING", "STOPPING", "stop-called", "STOPPED");
  }

  @Test
  void stopPastDeadlineEndsWithDeadlineExceeded() throws Exception {
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) {}

              @Override
              public void stop(ServiceContext ctx) throws InterruptedException {
                Thread.sleep(60_000);
              }
            },
            Duration.ofMillis(300));
    c.start();
    await().until(() -> c.state() == RUNNING);
    c.requestStop();
    Outcome outcome = c.awaitTermination();
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.STOP_DEADLINE_EXCEEDED);
    assertThat(outcome.cause()).hasMessageContaining("did not stop within its stop deadline");
  }

  @Test
  void runtimeFailureStopsAndExitsNonZero() throws Exception {
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) {
                new Thread(() -> ctx.fail(new RuntimeException("disk gone"))).start();
              }

              @Override
              public void stop(ServiceContext ctx) {
                events.add("stop-called");
              }
            },
            Duration.ofSeconds(5));
    c.start();
    Outcome outcome = c.awaitTermination();
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.RUNTIME_FAILED);
    assertThat(outcome.cause()).hasMessage("disk gone");
    assertThat(events).contains("stop-called").endsWith("FAILED");
  }

  static class PausableReloadable implements Service, Pausable, Reloadable {
    final AtomicInteger reloads = new AtomicInteger();
    volatile boolean failReload;

    @Override
    public void start(ServiceContext ctx) {}

    @Override
    public void stop(ServiceContext ctx) {}

    @Override
    public void pause(ServiceContext ctx) {}

    @Override
    public void resume(ServiceContext ctx) {}

    @Override
    public void reload(ServiceContext ctx) {
      reloads.incrementAndGet();
      if (failReload) {
        throw new IllegalArgumentException("bad config");
      }
    }
  }

  @Test
  void pauseResumeAndReload() throws Exception {
    var service = new PausableReloadable();
    var c = controller(service, Duration.ofSeconds(5));
    assertThat(c.supportsPause()).isTrue();
    c.start();
    await().until(() -> c.state() == RUNNING);
    assertThat(c.requestResume()).as("resume while running").isFalse();
    assertThat(c.requestPause()).isTrue();
    await().until(() -> c.state() == PAUSED);
    assertThat(c.requestReload()).as("no reload while paused").isFalse();
    assertThat(c.requestResume()).isTrue();
    await().until(() -> c.state() == RUNNING);
    service.failReload = true;
    assertThat(c.requestReload()).isTrue();
    await().until(() -> service.reloads.get() == 1 && c.state() == RUNNING);
    c.requestStop();
    assertThat(c.awaitTermination().exitCode()).isZero();
    assertThat(events)
        .containsSubsequence(
            "RUNNING", "PAUSING", "PAUSED", "RESUMING", "RUNNING", "RELOADING", "RUNNING");
  }

  @Test
  void servicesWithoutCapabilitiesRefusePauseAndReload() throws Exception {
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) {}

              @Override
              public void stop(ServiceContext ctx) {}
            },
            Duration.ofSeconds(5));
    c.start();
    await().until(() -> c.state() == RUNNING);
    assertThat(c.requestPause()).isFalse();
    assertThat(c.requestReload()).isFalse();
    c.requestStop();
    c.awaitTermination();
  }

  @Test
  void stuckLivenessProbeCountsAsDead() throws Exception {
    var alive = new AtomicBoolean(true);
    var block = new CountDownLatch(1);
    var c =
        new ServiceController(
            new Service() {
              @Override
              public void start(ServiceContext ctx) {}

              @Override
              public void stop(ServiceContext ctx) {
                block.countDown();
              }

              @Override
              public boolean isAlive() {
                if (!alive.get()) {
                  try {
                    block.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                return true;
              }
            },
            new HostOptions("t", Duration.ofSeconds(5), Duration.ofMillis(200)));
    assertThat(c.probeAlive()).as("not started yet: no opinion").isTrue();
    c.start();
    await().until(() -> c.state() == RUNNING);
    assertThat(c.probeAlive()).isTrue();
    alive.set(false);
    assertThat(c.probeAlive()).isFalse();
    assertThat(c.probeAlive()).as("still blocked").isFalse();
    c.requestStop();
    c.awaitTermination();
  }

  @Test
  void aStartPastItsTimeoutIsInterruptedStoppedAndEndsFailedWithItsOwnCode() throws Exception {
    var stopped = new AtomicBoolean();
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) throws Exception {
                Thread.sleep(Duration.ofHours(1)); // hangs until interrupted
              }

              @Override
              public void stop(ServiceContext ctx) {
                stopped.set(true);
              }
            },
            Duration.ofSeconds(10));
    c.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.state() == STARTING);

    assertThat(c.startTimedOut(Duration.ofSeconds(3))).isTrue();

    Outcome outcome = c.termination().get(10, TimeUnit.SECONDS);
    assertThat(outcome.state()).isEqualTo(FAILED);
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.START_TIMED_OUT);
    assertThat(outcome.cause())
        .hasMessageContaining("did not start within its start timeout of 3 s");
    assertThat(stopped).isTrue();
    assertThat(events).containsSubsequence("STARTING", "STOPPING", "FAILED");
  }

  @Test
  void aStartTimeoutAfterTheServiceBecameReadyChangesNothing() throws Exception {
    var c =
        controller(
            new Service() {
              @Override
              public void start(ServiceContext ctx) {}

              @Override
              public void stop(ServiceContext ctx) {}
            },
            Duration.ofSeconds(10));
    c.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> c.state() == RUNNING);

    assertThat(c.startTimedOut(Duration.ofSeconds(3))).isFalse();
    assertThat(c.state()).isEqualTo(RUNNING);
    c.requestStop();
    assertThat(c.termination().get(10, TimeUnit.SECONDS).exitCode()).isZero();
  }
}
