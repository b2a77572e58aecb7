package io.svc4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.svc4j.runtime.ExitCodes;
import io.svc4j.runtime.LifecycleListener;
import io.svc4j.runtime.Outcome;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.ServiceState;
import io.svc4j.supervisor.config.Backoff;
import io.svc4j.supervisor.config.CrashLoopLimit;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.engine.ChildState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor hosted as a core Service, the way `svc4j run` and systemd/SCM run it. */
class HostedSupervisorTest {

  @TempDir Path tmp;

  private static ServiceController host(Supervisor supervisor, List<String> events) {
    var controller = new ServiceController(supervisor, supervisor.hostOptions());
    controller.addListener(
        new LifecycleListener() {
          @Override
          public void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
            events.add(to.name());
          }
        });
    return controller;
  }

  @Test
  void theHostReportsRunningOnlyWhenTheChildIsReadyAndStopsTheTreeCleanly() throws Exception {
    Path go = tmp.resolve("go");
    String script =
        String.join(
            "\n",
            "import os, socket, time, pathlib",
            "while not pathlib.Path('" + go + "').exists(): time.sleep(0.05)",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.sendto(b'READY=1', os.environ['NOTIFY_SOCKET'])",
            "time.sleep(600)");
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withReadiness(ReadinessSettings.notify(Duration.ofSeconds(60), null))
                .withStop(StopSettings.DEFAULT.withTimeout(Duration.ofSeconds(5)));
    var supervisor = TestSupervisors.fromCommand("hosted", Procs.python(script), options);
    List<String> events = new CopyOnWriteArrayList<>();
    var controller = host(supervisor, events);
    controller.start();
    await()
        .atMost(20, TimeUnit.SECONDS)
        .until(() -> supervisor.status().state() == ChildState.STARTING);
    Thread.sleep(300); // the child is up but not ready: the host must still be starting
    assertThat(controller.state()).isEqualTo(ServiceState.STARTING);

    Files.createFile(go);
    await().atMost(20, TimeUnit.SECONDS).until(() -> controller.state() == ServiceState.RUNNING);
    assertThat(controller.statusText()).startsWith("hosted: RUNNING pid ");
    assertThat(controller.options().stopDeadline()).isEqualTo(Duration.ofSeconds(20));
    long pid = supervisor.status().pid();

    controller.requestStop();
    Outcome outcome = controller.termination().get(30, TimeUnit.SECONDS);
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(Procs.alive(pid)).isFalse();
    assertThat(events).containsExactly("STARTING", "RUNNING", "STOPPING", "STOPPED");
  }

  @Test
  void aChildThatNeverComesUpFailsTheStart() throws Exception {
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                RestartSettings.DEFAULT
                    .withBackoff(Backoff.fixed(Duration.ofMillis(50)))
                    .withCrashLoop(new CrashLoopLimit(2, Duration.ofSeconds(60))));
    var supervisor = TestSupervisors.fromCommand("doomed", Procs.sh("exit 7"), options);
    var controller = host(supervisor, new CopyOnWriteArrayList<>());
    controller.start();
    Outcome outcome = controller.termination().get(30, TimeUnit.SECONDS);
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.START_FAILED);
    assertThat(outcome.cause()).hasMessageContaining("did not become ready");
  }

  @Test
  void aChildThatGoesFatalLaterFailsTheHostSoTheOuterManagerRecovers() throws Exception {
    Path runs = tmp.resolve("runs");
    // The first run comes up and then dies; every later run dies at once.
    String script =
        "if [ -e " + runs + " ]; then exit 9; fi; touch " + runs + "; sleep 0.6; exit 9";
    UnaryOperator<SupervisorConfig> options =
        c ->
            c.withRestart(
                    RestartSettings.DEFAULT
                        .withMode(RestartMode.ALWAYS)
                        .withBackoff(Backoff.fixed(Duration.ofMillis(50)))
                        .withCrashLoop(new CrashLoopLimit(3, Duration.ofSeconds(60))))
                .withReadiness(ReadinessSettings.uptime(Duration.ofMillis(200)));
    var supervisor = TestSupervisors.fromCommand("flaky", Procs.sh(script), options);
    var controller = host(supervisor, new CopyOnWriteArrayList<>());
    controller.start();
    Outcome outcome = controller.termination().get(30, TimeUnit.SECONDS);
    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.RUNTIME_FAILED);
    assertThat(outcome.cause()).hasMessageContaining("FATAL");
    assertThat(supervisor.status().state()).isEqualTo(ChildState.FATAL);
  }
}
