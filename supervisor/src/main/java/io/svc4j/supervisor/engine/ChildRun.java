package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.logs.StreamPump;
import io.svc4j.supervisor.os.NotifyChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One launch of the child and everything that lives as long as it: its process, notify endpoint,
 * output pumps (with their output triggers), health check and timers. It owns them and {@link
 * #close}s them itself; what they report reaches the engine as {@link RunEvent}s stamped with this
 * run's generation. Touched on the event thread only.
 */
final class ChildRun implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private final String service;
  final int generation;
  final Instant startedAt;
  private final long startedNanos;
  private final EventLoop loop;
  private final Consumer<RunEvent> events;
  private final Map<RunTimer, EventLoop.Timer> timers = new EnumMap<>(RunTimer.class);

  Process process;
  NotifyChannel notify;
  HealthWatch health;
  final List<StreamPump> pumps = new ArrayList<>();
  long watchdogNanos;
  String childStatus = "";
  // A reload waiting for the child's READY=1 after its reload signal (notify children only).
  CompletableFuture<Void> reloadReady;

  /**
   * @param events where this run's events go, on the event thread; the engine stamps them with
   *     {@code generation} so that a late one is recognised as stale
   */
  ChildRun(String service, int generation, EventLoop loop, Consumer<RunEvent> events) {
    this.service = service;
    this.generation = generation;
    this.loop = loop;
    this.events = events;
    this.startedAt = loop.now();
    this.startedNanos = loop.nanoTime();
  }

  /** Reports {@code event} from any thread: it is handled on the event thread. */
  void report(RunEvent event) {
    loop.execute(() -> events.accept(event));
  }

  /** Hands {@code event} to the engine now: for callers already on the event thread. */
  void deliver(RunEvent event) {
    events.accept(event);
  }

  /** (Re)arms {@code timer} to fire in {@code delay}; an earlier arming of it is cancelled. */
  void arm(RunTimer timer, Duration delay) {
    disarm(timer);
    var armed = new EventLoop.Timer[1];
    armed[0] =
        loop.schedule(
            delay,
            () -> {
              timers.remove(timer, armed[0]); // fired: no longer armed
              events.accept(new RunEvent.TimerFired(timer));
            });
    timers.put(timer, armed[0]);
  }

  void disarm(RunTimer timer) {
    EventLoop.Timer t = timers.remove(timer);
    if (t != null) {
      t.cancel();
    }
  }

  boolean armed(RunTimer timer) {
    return timers.containsKey(timer);
  }

  /** Cancels every timer of this run (a stop began: no timer may move it any more). */
  void disarmAll() {
    for (RunTimer t : List.copyOf(timers.keySet())) {
      disarm(t);
    }
  }

  long pid() {
    return process == null ? 0 : process.pid();
  }

  Duration uptime() {
    return Duration.ofNanos(loop.nanoTime() - startedNanos);
  }

  /** Completes a reload that waited for READY=1. */
  void reloaded() {
    if (reloadReady != null) {
      reloadReady.complete(null);
      reloadReady = null;
    }
  }

  /**
   * The run is over: its timers, notify endpoint and health check stop, a waiting reload fails, and
   * its output pumps drain what the tree wrote last.
   */
  @Override
  public void close() {
    disarmAll();
    if (reloadReady != null) {
      reloadReady.completeExceptionally(
          new ReloadFailedException("the child ended before it reported READY=1"));
      reloadReady = null;
    }
    if (health != null) {
      health.close();
    }
    if (notify != null) {
      notify.close();
    }
    for (StreamPump pump : pumps) {
      try {
        if (!pump.await(2000)) {
          log.warn(
              "{}: an output pipe of pid {} is still open after its tree ended", service, pid());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
