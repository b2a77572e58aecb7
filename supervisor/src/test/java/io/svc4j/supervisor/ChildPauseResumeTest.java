package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.ChildStatus;
import io.svc4j.supervisor.os.ChildPlatform;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A resume continues the running child's tree even when no pause is recorded: a SIGSTOP that landed
 * although the pause reported failure ("no process left": its scan counted no member while the
 * group signal went out) left the tree stopped for good before, as resume answered "not paused" and
 * sent nothing. A platform that records the signals stands in for the OS (PauseTest covers the real
 * one).
 */
class ChildPauseResumeTest {

  private static final int SIGSTOP = 19;
  private static final int SIGCONT = 18;

  private final List<Integer> delivered = new CopyOnWriteArrayList<>();
  private volatile boolean reportsNoMember;
  private final Process child = new ChildPauseRaceTest.FakeProcess(4242);

  private ChildPause pause() {
    ChildPlatform platform =
        (ChildPlatform)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ChildPlatform.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "hasSignals" -> true;
                      case "signalTree" -> {
                        delivered.add((Integer) args[1]); // the group signal always lands
                        yield !reportsNoMember;
                      }
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return new ChildPause(
        platform,
        () -> SupervisorConfig.of("web", List.of("sleep", "600")),
        () -> child,
        () ->
            new ChildStatus(
                "web", ChildState.RUNNING, child.pid(), null, 0, null, "", "", "", 0, ""));
  }

  @Test
  void aResumeContinuesATreeThatAFailedPauseStopped() {
    ChildPause pause = pause();
    reportsNoMember = true;
    assertThatThrownBy(pause::pause).hasMessage("cannot pause web: no process left");
    assertThat(delivered).containsExactly(SIGSTOP);

    assertThat(pause.resume()).isEqualTo("not paused");
    assertThat(delivered).as("the SIGSTOP that landed is undone").containsExactly(SIGSTOP, SIGCONT);
  }

  @Test
  void aRecordedPauseIsResumed() {
    ChildPause pause = pause();
    assertThat(pause.pause()).isEqualTo("paused");
    assertThat(pause.pausedOrNull()).isTrue();
    assertThat(pause.resume()).isEqualTo("resumed");
    assertThat(pause.pausedOrNull()).isFalse();
    assertThat(delivered).containsExactly(SIGSTOP, SIGCONT);
  }
}
