package io.svc4j.cli;

import io.svc4j.supervisor.control.ControlReply;
import io.svc4j.supervisor.control.ControlServer;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.ChildState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted child behind a real {@link ControlServer}: each command queues the states the child
 * passes through, one per later status query, so the CLI sees what a real supervisor shows while it
 * works. For the CLI's tests only; the supervisor's engine is tested in its own module.
 */
public final class FakeSupervisor {

  /** One state the child passes through; {@code newRun} means a new launch (new pid, startedAt). */
  public record Step(ChildState state, boolean newRun, String reason) {}

  public final List<SupervisorCommand> commands = new ArrayList<>();
  private final Map<SupervisorCommand, List<Step>> plans = new HashMap<>();
  private final Deque<Step> pending = new ArrayDeque<>();
  private ChildState state = ChildState.RUNNING;
  private long pid = 1001;
  private long nextPid = 2001;
  private Instant startedAt = Instant.parse("2026-01-01T00:00:00Z");
  private String reason = "ready";
  private int restarts;
  private int processes = 1;
  private long memoryBytes = 8L << 20;
  private java.nio.file.Path stdoutLog;
  private java.nio.file.Path stderrLog;
  private long droppedLines;
  private String captureTrouble = "";

  /** What {@code command} makes the child go through; stop applies all at once (it waits). */
  public FakeSupervisor plan(SupervisorCommand command, Step... steps) {
    plans.put(command, List.of(steps));
    return this;
  }

  /** Where the status answer says the captured output is. */
  public FakeSupervisor logs(java.nio.file.Path stdout, java.nio.file.Path stderr) {
    this.stdoutLog = stdout;
    this.stderrLog = stderr;
    return this;
  }

  /** What went wrong with log capture, as the supervisor reports it. */
  public FakeSupervisor capture(long droppedLines, String trouble) {
    this.droppedLines = droppedLines;
    this.captureTrouble = trouble;
    return this;
  }

  /** The child's tree as the supervisor measured it. */
  public FakeSupervisor tree(int processes, long memoryBytes) {
    this.processes = processes;
    this.memoryBytes = memoryBytes;
    return this;
  }

  public FakeSupervisor now(ChildState state, String reason) {
    this.state = state;
    this.reason = reason;
    if (!isRunning()) {
      pid = 0;
    }
    return this;
  }

  public synchronized ControlReply handle(SupervisorCommand verb) {
    commands.add(verb);
    if (verb == SupervisorCommand.STATUS) {
      Step next = pending.poll();
      if (next != null) {
        apply(next);
      }
      return ControlReply.status(status());
    }
    List<Step> plan = plans.get(verb);
    if (plan == null) {
      return ControlReply.failed(verb.wire() + " failed: not planned by the test");
    }
    pending.addAll(plan);
    if (verb == SupervisorCommand.STOP) {
      while (!pending.isEmpty()) {
        apply(pending.poll());
      }
    }
    return ControlReply.done(verb.wire() + " requested", status());
  }

  private void apply(Step step) {
    if (step.newRun()) {
      pid = nextPid++;
      startedAt = startedAt.plusSeconds(60);
      restarts++;
    }
    state = step.state();
    reason = step.reason();
    if (!isRunning()) {
      pid = 0;
    }
  }

  private boolean isRunning() {
    return state == ChildState.RUNNING || state == ChildState.STARTING;
  }

  private SupervisedStatus status() {
    return new SupervisedStatus(
        "web",
        state,
        pid,
        startedAt.toString(),
        pid > 0 ? 5L : null,
        restarts,
        null,
        reason,
        "",
        "",
        droppedLines,
        captureTrouble,
        processes,
        memoryBytes,
        0.25,
        stdoutLog == null ? null : stdoutLog.toString(),
        stderrLog == null ? null : stderrLog.toString(),
        "web: " + state,
        null,
        null,
        null);
  }
}
