package io.svc4j.registry.client;

import io.svc4j.registry.api.Heartbeat;
import io.svc4j.registry.api.Status;
import io.svc4j.service.ReportsFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance registered: registers, heartbeats with jitter at the interval, registers again
 * when the registry answers 404, backs off with jitter while the registry is unreachable. Every
 * call returns at once (work happens on one daemon thread), except {@link #stop}, which waits at
 * most its timeout for the deregistration.
 *
 * <pre>
 * state        | on tick                          | next
 * -------------+----------------------------------+-------------------------------------
 * NEW          | (start() not called)             | REGISTERING on start()
 * REGISTERING  | PUT instance                     | REGISTERED, or REGISTERING after backoff
 * REGISTERED   | PUT heartbeat (status, figures)  | REGISTERED; REGISTERING on 404
 * STOPPED      | nothing                          | terminal (after DELETE)
 * </pre>
 */
public final class RegistryAgent {

  /** Where the agent is. */
  public enum State {
    NEW,
    REGISTERING,
    REGISTERED,
    STOPPED
  }

  private static final Logger log = LoggerFactory.getLogger(RegistryAgent.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  private final AgentSettings settings;
  private final RegistryClient client;
  private final ScheduledExecutorService timer;
  private final Backoff backoff;
  private final Supplier<ReportsFigures.Figures> figures;

  private final Object lock = new Object();
  private State state = State.NEW;
  private ScheduledFuture<?> next;
  private volatile String status = Status.UP;
  private volatile String text = "";
  private String delivered; // the status of the last heartbeat the registry accepted; lock
  private volatile String problem; // null while the registry answers
  private volatile java.util.function.Consumer<String> onTrouble = t -> {};
  private volatile Instant problemSince;

  public RegistryAgent(AgentSettings settings) {
    this(settings, RegistryAgent::ownProcess);
  }

  /**
   * An agent whose heartbeats carry {@code figures} (a supervisor's child tree) instead of this
   * process's own.
   */
  public RegistryAgent(AgentSettings settings, Supplier<ReportsFigures.Figures> figures) {
    this.figures = figures;
    this.settings = settings;
    Duration interval = settings.heartbeatInterval();
    // Long enough for a busy registry (a late answer still renews the lease), short enough that a
    // hung connection does not eat the lease: between 2 and 5 s.
    Duration timeout =
        interval.compareTo(Duration.ofSeconds(2)) < 0
            ? Duration.ofSeconds(2)
            : interval.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : interval;
    this.client = new RegistryClient(settings.registry(), settings.token(), timeout);
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("svc4j-registry-agent").factory());
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.backoff = new Backoff(FIRST_BACKOFF, interval);
  }

  public AgentSettings settings() {
    return settings;
  }

  public State state() {
    synchronized (lock) {
      return state;
    }
  }

  /** One line for status displays: registered, or why not. */
  public String describe() {
    String p = problem;
    State s = state();
    String where = settings.service() + "/" + settings.instanceId() + " at " + settings.registry();
    if (p != null) {
      return "registry: " + p + " (since " + problemSince + "), retrying; " + where;
    }
    return "registry: "
        + s.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + where
        + " as "
        + status;
  }

  /**
   * Tells {@code listener} a one-line note when the registry is lost ("registry URL unreachable
   * since T, retrying") and null when it answers again, on the agent's thread; for the service's
   * status line.
   */
  public void onTrouble(java.util.function.Consumer<String> listener) {
    this.onTrouble = listener;
  }

  /** Starts registering (once). */
  public void start() {
    synchronized (lock) {
      if (state != State.NEW) {
        return;
      }
      state = State.REGISTERING;
      schedule(Duration.ZERO);
    }
  }

  /**
   * Sets the status sent from now on; a change is sent at once (DRAINING must reach consumers
   * before the drain, not one interval later).
   */
  public void status(String newStatus) {
    if (newStatus.equals(status)) {
      return;
    }
    status = newStatus;
    synchronized (lock) {
      if (state == State.REGISTERED) {
        schedule(Duration.ZERO);
      }
    }
  }

  /**
   * Sets the status, sends it at once and waits at most {@code timeout} until the registry has
   * accepted it, so that it is there before what the caller does next (DRAINING before the service
   * drains or the supervisor stops its child). Returns at once when the instance is not registered
   * or the registry is not answering: the lifecycle never waits on a registry that is away.
   *
   * @return whether the registry has the status
   */
  public boolean statusAndWait(String newStatus, Duration timeout) {
    status(newStatus);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!newStatus.equals(delivered)) {
        long left = deadline - System.nanoTime();
        if (state == State.NEW || state == State.STOPPED || problem != null || left <= 0) {
          return false;
        }
        try {
          lock.wait(left / 1_000_000 + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** The one-line text sent with the next heartbeat. */
  public void text(String newText) {
    text = newText == null ? "" : newText.replaceAll("\\p{Cntrl}", " ");
  }

  /**
   * Stops heartbeating without telling the registry, as a frozen or killed process would: the
   * instance stays listed until its lease runs out. For tests of eviction.
   */
  public void stopWithoutDeregistering() {
    synchronized (lock) {
      state = State.STOPPED;
      if (next != null) {
        next.cancel(false);
      }
    }
    timer.shutdownNow();
  }

  /** Stops heartbeating and deregisters, waiting at most {@code timeout} for the registry. */
  public void stop(Duration timeout) {
    boolean wasRegistered;
    synchronized (lock) {
      if (state == State.STOPPED) {
        return;
      }
      wasRegistered = state != State.NEW;
      state = State.STOPPED;
      lock.notifyAll();
      if (next != null) {
        next.cancel(false);
      }
    }
    timer.shutdownNow();
    if (wasRegistered) {
      try {
        client.deregister(settings.service(), settings.instanceId(), timeout);
        log.info(
            "deregistered {}/{} from {}",
            settings.service(),
            settings.instanceId(),
            settings.registry());
      } catch (RegistryException e) {
        log.warn(
            "could not deregister {}/{}: {}",
            settings.service(),
            settings.instanceId(),
            e.getMessage());
      }
    }
  }

  private void schedule(Duration delay) {
    if (next != null) {
      next.cancel(false);
    }
    if (!timer.isShutdown()) {
      next = timer.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    State s = state();
    try {
      switch (s) {
        case REGISTERING -> register();
        case REGISTERED -> heartbeat();
        case NEW, STOPPED -> {
          return;
        }
      }
      reachable();
      synchronized (lock) {
        if (state != State.STOPPED) {
          schedule(state == State.REGISTERING ? Duration.ZERO : jittered());
        }
      }
    } catch (RegistryException e) {
      unreachable(e);
      synchronized (lock) {
        if (state != State.STOPPED) {
          schedule(backoff.next());
        }
      }
    } catch (RuntimeException e) {
      log.error("registry agent: unexpected failure: {}", e.toString(), e);
      synchronized (lock) {
        if (state != State.STOPPED) {
          schedule(backoff.next());
        }
      }
    }
  }

  private void register() throws RegistryException {
    client.register(settings.service(), settings.instanceId(), settings.registration());
    log.info(
        "registered {}/{} at {}", settings.service(), settings.instanceId(), settings.registry());
    synchronized (lock) {
      if (state == State.REGISTERING) {
        state = State.REGISTERED;
      }
    }
    heartbeat(); // the status and figures right away, not one interval later
  }

  private void heartbeat() throws RegistryException {
    ReportsFigures.Figures now = figures.get();
    // DRAINING and PAUSED come from the host and win; while the host says UP, the service's own
    // word (a supervised child in BACKOFF) is the truer one.
    String sent = status.equals(Status.UP) && now.status() != null ? now.status() : status;
    Heartbeat beat = new Heartbeat(sent, now.cpu(), now.rssBytes(), text);
    boolean known =
        client.heartbeat(settings.service(), settings.instanceId(), beat)
            != RegistryClient.Beat.UNKNOWN;
    if (known) {
      synchronized (lock) {
        delivered = sent;
        lock.notifyAll();
      }
    } else {
      log.info(
          "registry {} does not know {}/{} (evicted or restarted): registering again",
          settings.registry(),
          settings.service(),
          settings.instanceId());
      synchronized (lock) {
        if (state == State.REGISTERED) {
          state = State.REGISTERING;
        }
      }
    }
  }

  private static ReportsFigures.Figures ownProcess() {
    return new ReportsFigures.Figures(
        null, ProcessFigures.cpu().orElse(null), ProcessFigures.rssBytes().orElse(null));
  }

  /** The interval minus up to 20%: never later than promised, never in step with other clients. */
  private Duration jittered() {
    long ms = settings.heartbeatInterval().toMillis();
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ms * 8 / 10, ms + 1));
  }

  private void reachable() {
    backoff.reset();
    if (problem != null) {
      log.info("registry {} answers again", settings.registry());
      problem = null;
      problemSince = null;
      onTrouble.accept(null);
    }
  }

  private void unreachable(RegistryException e) {
    boolean lost = problem == null;
    if (lost) {
      log.warn("{}; retrying with backoff", e.getMessage());
      problemSince = Instant.now();
    }
    problem = e.getMessage();
    if (lost) {
      onTrouble.accept(
          "registry "
              + settings.registry()
              + " unreachable since "
              + problemSince.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + ", retrying");
    }
    synchronized (lock) {
      lock.notifyAll(); // whoever waits for a status to arrive stops waiting
    }
  }
}
