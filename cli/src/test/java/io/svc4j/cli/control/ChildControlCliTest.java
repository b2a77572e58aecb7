package io.svc4j.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.FakeManager;
import io.svc4j.cli.FakeSupervisor;
import io.svc4j.cli.FakeSupervisor.Step;
import io.svc4j.cli.Svc4j;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.supervisor.control.ControlServer;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.ChildState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restart}, {@code stop --child} and {@code start --child} against a scripted supervisor on
 * a real control socket: which path (child or manager) each takes, what it prints, how it fails.
 */
class ChildControlCliTest {

  private final FakeManager manager = new FakeManager();
  private final FakeSupervisor supervisor = new FakeSupervisor();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path sockets;
  private ControlServer control;

  @BeforeEach
  void installBoth() {
    assertThat(run("install", "--name", "web", "--direct", "--", "/bin/sh")).isZero();
    assertThat(run("install", "--name", "plain", "--direct", "--", "/bin/sh")).isZero();
    manager.states.put("web", ServiceStatus.State.RUNNING);
    manager.states.put("plain", ServiceStatus.State.RUNNING);
    manager.calls.clear();
    out.getBuffer().setLength(0);
  }

  @AfterEach
  void closeControl() {
    if (control != null) {
      control.close();
    }
  }

  private void serve() throws Exception {
    control = ControlServer.start(sockets.resolve("web.sock"), supervisor::handle);
  }

  private int run(String... args) {
    var context =
        new CliContext(
            scope -> manager,
            name -> sockets.resolve(name + ".sock"),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Svc4j.execute(args, context);
  }

  @Test
  void restartOfASupervisedServiceRestartsOnlyTheChild() throws Exception {
    supervisor.plan(
        SupervisorCommand.RESTART,
        new Step(ChildState.STOPPED, false, "stopped on request"),
        new Step(ChildState.STARTING, true, "launching"),
        new Step(ChildState.RUNNING, false, "ready"));
    serve();
    assertThat(run("restart", "web")).as(err.toString()).isZero();
    assertThat(out.toString().strip())
        .isEqualTo(
            "Restarted the child of web: RUNNING, pid 2001 (the service itself kept running)");
    assertThat(manager.calls).as("the manager restarted nothing").isEmpty();
    assertThat(supervisor.commands).contains(SupervisorCommand.RESTART);
  }

  @Test
  void restartWithServiceGoesThroughTheManager() throws Exception {
    serve();
    assertThat(run("restart", "web", "--service", "--timeout", "5s")).isZero();
    assertThat(manager.calls).containsExactly("restart web PT5S", "start web PT5S");
    assertThat(supervisor.commands).doesNotContain(SupervisorCommand.RESTART);
  }

  @Test
  void restartWithoutASupervisorGoesThroughTheManagerWithoutComplaint() {
    assertThat(run("restart", "plain")).as(err.toString()).isZero();
    assertThat(manager.calls).contains("restart plain PT1M");
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).startsWith("Restarted plain: running");
  }

  @Test
  void restartThatEndsFatalIsOneLineAndExitOne() throws Exception {
    supervisor.plan(
        SupervisorCommand.RESTART,
        new Step(ChildState.STARTING, true, "launching"),
        new Step(ChildState.BACKOFF, false, "exited with code 1"),
        new Step(ChildState.FATAL, false, "exited with code 1; crash-loop limit"));
    serve();
    assertOneLineError(run("restart", "web"), 1, "the child of web ended FATAL instead of running");
    assertThat(manager.calls).isEmpty();
  }

  @Test
  void restartOfAFatalChildWaitsForTheNewRun() throws Exception {
    supervisor.now(ChildState.FATAL, "crash-loop limit");
    supervisor.plan(
        SupervisorCommand.RESTART,
        new Step(ChildState.STARTING, true, "launching"),
        new Step(ChildState.RUNNING, false, "ready"));
    serve();
    assertThat(run("restart", "web")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("RUNNING, pid 2001");
  }

  @Test
  void restartThatDoesNotReachRunningInTimeSaysSo() throws Exception {
    supervisor.plan(
        SupervisorCommand.RESTART, new Step(ChildState.STARTING, true, "waiting for READY=1"));
    serve();
    assertOneLineError(
        run("restart", "web", "--timeout", "1s"),
        1,
        "the child of web is still STARTING after 1s (waiting for READY=1): raise --timeout");
  }

  @Test
  void restartRefusedBySupervisorIsOneLine() throws Exception {
    serve(); // nothing planned: the fake refuses
    assertOneLineError(run("restart", "web"), 1, "the supervisor of web refused 'restart'");
  }

  @Test
  void stopAndStartChildLeaveTheServiceAlone() throws Exception {
    supervisor.plan(
        SupervisorCommand.STOP,
        new Step(ChildState.STOPPING, false, "stopping"),
        new Step(ChildState.STOPPED, false, "stopped on request"));
    supervisor.plan(
        SupervisorCommand.START,
        new Step(ChildState.STARTING, true, "launching"),
        new Step(ChildState.RUNNING, false, "ready"));
    serve();
    assertThat(run("stop", "web", "--child")).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("Stopped the child of web: STOPPED (stopped on request) (the service stays");
    out.getBuffer().setLength(0);
    assertThat(run("start", "web", "--child")).as(err.toString()).isZero();
    assertThat(out.toString().strip()).isEqualTo("Started the child of web: RUNNING, pid 2001");
    assertThat(manager.calls).isEmpty();
    assertThat(supervisor.commands).contains(SupervisorCommand.STOP, SupervisorCommand.START);
  }

  @Test
  void startChildOfARunningChildSaysItRuns() throws Exception {
    supervisor.plan(SupervisorCommand.START);
    serve();
    assertThat(run("start", "web", "--child")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("RUNNING, pid 1001");
  }

  @Test
  void childFlagWithoutASupervisorIsOneLineSayingWhy() {
    assertOneLineError(
        run("stop", "plain", "--child"),
        1,
        "'stop --child' needs a supervised service, and no supervisor answers for plain at ");
    assertOneLineError(run("start", "plain", "--child"), 1, "use 'svc4j start plain'");
    manager.states.put("plain", ServiceStatus.State.STOPPED);
    assertOneLineError(
        run("start", "plain", "--child"),
        1,
        "the service is stopped: start the whole service with 'svc4j start plain'");
    assertOneLineError(run("stop", "nosuch", "--child"), 4, "'nosuch' is not installed");
    assertThat(manager.calls).isEmpty();
  }

  @Test
  void withoutChildStopAndStartGoThroughTheManager() throws Exception {
    serve();
    assertThat(run("stop", "web")).isZero();
    assertThat(run("start", "web")).isZero();
    assertThat(manager.calls).containsExactly("stop web PT1M", "start web PT1M");
    assertThat(supervisor.commands).isEmpty();
  }

  /** What the supervisor says happened to capture (see DiskFullTest) is what the operator reads. */
  @Test
  void statusSaysWhatHappenedToLogCapture() throws Exception {
    supervisor.capture(
        1234,
        "disk full: 1234 lines dropped (2026-12-01T03:10:02Z to 2026-12-01T03:10:40Z), capture resumed");
    serve();
    run("status", "web");
    assertThat(out.toString())
        .contains(
            "\n  logs:    disk full: 1234 lines dropped (2026-12-01T03:10:02Z to"
                + " 2026-12-01T03:10:40Z), capture resumed\n");
  }

  private void assertOneLineError(int code, int expected, String fragment) {
    String e = err.toString();
    assertThat(code).as("exit code for: " + e).isEqualTo(expected);
    assertThat(e).contains(fragment);
    assertThat(e.strip().lines()).as("one line: " + e).hasSize(1);
    err.getBuffer().setLength(0);
  }
}
