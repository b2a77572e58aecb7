package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.ChildStatus;
import io.svc4j.supervisor.os.ChildPlatform;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The logic of {@link ChildPause} against a move out of RUNNING on another thread (a stop asked on
 * a second control connection, by the service manager, or a crash): the tree must never be left
 * stopped while it is being stopped, or its graceful stop waits for the stop timeout and ends in
 * SIGKILL; and the event thread never waits for a pause (its scan of /proc may hang). A platform
 * that records the signals stands in for the OS (PauseTest covers the real one).
 */
class ChildPauseRaceTest {

  private static final int SIGSTOP = 19;
  private static final int SIGCONT = 18;

  private final List<Integer> signals = new CopyOnWriteArrayList<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<ChildState> state = new AtomicReference<>(ChildState.RUNNING);
  private final Process child = new FakeProcess(4242);

  /** A platform whose SIGSTOP waits for {@link #release}: the moment the race needs, held open. */
  private ChildPlatform platform() {
    return (ChildPlatform)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ChildPlatform.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "hasSignals" -> true;
                  case "signalTree" -> {
                    int signal = (Integer) args[1];
                    if (signal == SIGSTOP) {
                      stopping.countDown();
                      assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                    }
                    signals.add(signal);
                    yield true;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private ChildPause pause() {
    return new ChildPause(
        platform(),
        () -> SupervisorConfig.of("web", List.of("sleep", "600")),
        () -> child,
        () -> new ChildStatus("web", state.get(), child.pid(), null, 0, null, "", "", "", 0, ""));
  }

  @Test
  void aStopDuringThePauseStillContinuesTheTreeAfterItsSigstop() throws Exception {
    ChildPause pause = pause();
    CompletableFuture<String> paused = CompletableFuture.supplyAsync(pause::pause);
    assertThat(stopping.await(20, TimeUnit.SECONDS)).isTrue();

    // The engine publishes STOPPING, then tells its listeners (ChildEngine.move), here while the
    // SIGSTOP is on its way; its stop sequence's SIGCONT may come before that SIGSTOP lands.
    state.set(ChildState.STOPPING);
    Thread engine =
        Thread.ofPlatform()
            .start(() -> pause.stateChanged(ChildState.RUNNING, ChildState.STOPPING, "stop"));
    // The event thread neither waits for the pause nor signals: a pause may hang on /proc.
    engine.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(engine.isAlive()).isFalse();
    assertThat(signals).as("nothing from the event thread").isEmpty();
    release.countDown();

    assertThat(paused)
        .failsWithin(Duration.ofSeconds(20))
        .withThrowableThat()
        .havingRootCause()
        .withMessage("cannot pause web: it is STOPPING, not RUNNING");
    assertThat(signals)
        .as("the SIGSTOP of the pause, then the pause's own SIGCONT once it saw the move")
        .containsExactly(SIGSTOP, SIGCONT);
    assertThat(pause.pausedOrNull()).isFalse();
  }

  @Test
  void aMoveOutOfRunningAfterThePauseClearsItWithoutASignal() {
    ChildPause pause = pause();
    release.countDown();
    assertThat(pause.pause()).isEqualTo("paused");
    state.set(ChildState.STOPPING);
    pause.stateChanged(ChildState.RUNNING, ChildState.STOPPING, "stop");
    assertThat(signals)
        .as("the stop sequence continues the tree, not the event thread")
        .containsExactly(SIGSTOP);
    assertThat(pause.pausedOrNull()).isFalse();
  }

  @Test
  void aPauseAfterTheMoveOutOfRunningIsRefused() {
    ChildPause pause = pause();
    state.set(ChildState.STOPPING);
    release.countDown();

    assertThatThrownBy(pause::pause)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot pause web: it is STOPPING, not RUNNING");
    assertThat(signals).isEmpty();
  }

  /** Only a pid: the logic never touches the process itself (ChildPauseResumeTest too). */
  static final class FakeProcess extends Process {
    private final long pid;

    FakeProcess(long pid) {
      this.pid = pid;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int exitValue() {
      throw new IllegalThreadStateException();
    }

    @Override
    public void destroy() {}
  }
}
