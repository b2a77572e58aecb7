package io.svc4j.supervisor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.svc4j.supervisor.control.SupervisedStatus;
import io.svc4j.supervisor.control.SupervisorCommand;
import io.svc4j.supervisor.engine.ChildState;
import io.svc4j.supervisor.engine.SupervisorListener;
import io.svc4j.supervisor.logs.LogFile;
import io.svc4j.supervisor.policy.ChildEnd;
import io.svc4j.supervisor.policy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One supervised child as meters, all labelled {@code service}. Events (ends, starts, health
 * checks) are counted as they happen; the child's state, exit code and its tree's memory and CPU
 * are read from one status snapshot taken before each scrape ({@link #refresh}).
 *
 * <p>Causes ({@code cause} label): why a run ended ({@code svc4j_supervisor_child_exits_total}) and
 * why a launch happened ({@code svc4j_supervisor_starts_total}, {@code
 * svc4j_supervisor_restarts_total}): {@code crash} (ended by itself with a non-zero code or a
 * signal), {@code exit} (code 0), {@code hang} (watchdog), {@code unhealthy}, {@code memory},
 * {@code schedule}, {@code start_timeout}, {@code output_match}, {@code pre_start_failed}, {@code
 * operator} (svc4j start/stop/restart); starts also have {@code initial}.
 */
public final class SupervisorMeters implements SupervisorListener, MeterBinder {

  private final String service;
  private final Supplier<SupervisedStatus> status;
  private final Map<String, LogFile> logs;
  private MeterRegistry registry;
  private volatile SupervisedStatus last;
  private volatile String nextStartCause = "initial";
  private volatile boolean nextIsRestart;
  private volatile double backoffSeconds;

  /**
   * @param status the live status (state, pid, tree usage), read once per scrape
   * @param logs the supervisor's log files by stream
   */
  public SupervisorMeters(
      String service, Supplier<SupervisedStatus> status, Map<String, LogFile> logs) {
    this.service = service;
    this.status = status;
    this.logs = Map.copyOf(logs);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    last = status.get();
    for (ChildState s : ChildState.values()) {
      Gauge.builder("svc4j.supervisor.child.state", () -> last.state() == s ? 1 : 0)
          .description("1 for the child's current state, 0 for the others")
          .tags("service", service, "state", s.name())
          .register(registry);
    }
    Gauge.builder("svc4j.supervisor.child.up", () -> last.state() == ChildState.RUNNING ? 1 : 0)
        .description("1 when the child is RUNNING (ready), else 0")
        .tag("service", service)
        .register(registry);
    Gauge.builder(
            "svc4j.supervisor.child.last.exit.code",
            () -> last.lastExitCode() == null ? Double.NaN : last.lastExitCode())
        .description("Exit code of the child's last run (128+N: killed by signal N); NaN before")
        .tag("service", service)
        .register(registry);
    Gauge.builder(
            "svc4j.supervisor.child.start.time",
            () ->
                last.pid() > 0 && last.startedAt() != null
                    ? Instant.parse(last.startedAt()).toEpochMilli() / 1000.0
                    : Double.NaN)
        .baseUnit("seconds")
        .description("When the running child was launched, since the Unix epoch; NaN if none runs")
        .tag("service", service)
        .register(registry);
    Gauge.builder("svc4j.supervisor.child.resident.memory", () -> (double) last.memoryBytes())
        .baseUnit("bytes")
        .description("Resident memory of the child's whole process tree")
        .tag("service", service)
        .register(registry);
    Gauge.builder("svc4j.supervisor.child.processes", () -> (double) last.processes())
        .description("Processes in the child's tree")
        .tag("service", service)
        .register(registry);
    FunctionCounter.builder("svc4j.supervisor.child.cpu", this, m -> m.last.cpuSeconds())
        .baseUnit("seconds")
        .description("CPU time of the running child's tree (starts again at 0 with each run)")
        .tag("service", service)
        .register(registry);
    Gauge.builder(
            "svc4j.supervisor.backoff",
            () -> last.state() == ChildState.BACKOFF ? backoffSeconds : 0)
        .baseUnit("seconds")
        .description("The restart delay being waited out in BACKOFF, 0 in other states")
        .tag("service", service)
        .register(registry);
    logs.forEach(
        (stream, file) -> {
          FunctionCounter.builder("svc4j.supervisor.log.written", file, LogFile::writtenBytes)
              .baseUnit("bytes")
              .description("Bytes of the child's output written to its log files")
              .tags("service", service, "stream", stream)
              .register(registry);
          FunctionCounter.builder("svc4j.supervisor.log.written.lines", file, LogFile::writtenLines)
              .description("Lines of the child's output written to its log files")
              .tags("service", service, "stream", stream)
              .register(registry);
          FunctionCounter.builder("svc4j.supervisor.log.dropped.lines", file, LogFile::droppedLines)
              .description("Lines lost: the disk did not keep up or was full")
              .tags("service", service, "stream", stream)
              .register(registry);
          FunctionCounter.builder("svc4j.supervisor.log.rotations", file, LogFile::rotations)
              .description("Log file rotations")
              .tags("service", service, "stream", stream)
              .register(registry);
        });
  }

  /** Takes the status snapshot the gauges read; call before each scrape. */
  public void refresh() {
    last = status.get();
  }

  /** An operator's command through the control channel (counted as the next start's cause). */
  public void operatorRequested(SupervisorCommand command) {
    switch (command) {
      case START -> {
        nextStartCause = "operator";
        nextIsRestart = false;
      }
      case RESTART -> {
        nextStartCause = "operator";
        nextIsRestart = true;
      }
      default -> {}
    }
  }

  @Override
  public void childEnded(ChildEnd end, Decision decision) {
    String cause = cause(end);
    counter("svc4j.supervisor.child.exits", "Runs of the child that ended, by cause", cause);
    if (decision instanceof Decision.Restart restart) {
      nextStartCause = cause;
      nextIsRestart = true;
      backoffSeconds = restart.delay().toNanos() / 1e9;
    }
  }

  @Override
  public void stateChanged(ChildState from, ChildState to, String reason) {
    if (to != ChildState.STARTING) {
      return;
    }
    String cause = nextStartCause;
    counter("svc4j.supervisor.starts", "Launches of the child, by why it was launched", cause);
    if (nextIsRestart) {
      counter("svc4j.supervisor.restarts", "Launches after an end or a restart request", cause);
    }
    nextStartCause = "operator"; // any later start not decided by the policy was asked for
    nextIsRestart = false;
  }

  @Override
  public void healthChecked(boolean ok, Duration took) {
    if (registry == null) {
      return;
    }
    // Registered at the first check: a child without a health check shows no health meters.
    Timer.builder("svc4j.supervisor.health.check")
        .description("How long each health check's probe took")
        .tag("service", service)
        .register(registry)
        .record(took);
    Counter.builder("svc4j.supervisor.health.checks")
        .description("Health checks run, by result")
        .tags("service", service, "result", ok ? "ok" : "failed")
        .register(registry)
        .increment();
  }

  private void counter(String name, String description, String cause) {
    if (registry != null) {
      Counter.builder(name)
          .description(description)
          .tags("service", service, "cause", cause)
          .register(registry)
          .increment();
    }
  }

  /** The {@code cause} label of an end. */
  static String cause(ChildEnd end) {
    return switch (end.cause()) {
      case EXITED -> end.exitCode() == 0 ? "exit" : "crash";
      case HUNG -> "hang";
      case UNHEALTHY -> "unhealthy";
      case MEMORY -> "memory";
      case SCHEDULED -> "schedule";
      case START_TIMEOUT -> "start_timeout";
      case OUTPUT_MATCH -> "output_match";
      case PRE_START_FAILED -> "pre_start_failed";
      case STOPPED -> "operator";
    };
  }
}
