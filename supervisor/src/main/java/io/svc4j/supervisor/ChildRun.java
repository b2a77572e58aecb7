package io.svc4j.supervisor;

import io.svc4j.supervisor.health.HealthMonitor;
import io.svc4j.supervisor.logs.StreamPump;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.policy.ChildEnd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** One launch of the child and everything that lives as long as it; touched on the event thread. */
final class ChildRun {
  final int generation;
  final Instant startedAt = Instant.now();
  final long startedNanos = System.nanoTime();
  Process process;
  NotifyChannel notify;
  HealthMonitor health;
  final List<StreamPump> pumps = new ArrayList<>();
  ScheduledFuture<?> readyTimer;
  ScheduledFuture<?> watchdogTimer;
  ScheduledFuture<?> scheduleTimer;
  long watchdogNanos;
  ChildEnd.Cause cause; // set when the supervisor ends the run itself
  volatile boolean exited; // also read by the stop thread
  String childStatus = "";
  Integer exitCode;
  // A reload waiting for the child's READY=1 after its reload signal (notify children only).
  java.util.concurrent.CompletableFuture<Void> reloadReady;

  ChildRun(int generation) {
    this.generation = generation;
  }

  long pid() {
    return process == null ? 0 : process.pid();
  }

  Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
