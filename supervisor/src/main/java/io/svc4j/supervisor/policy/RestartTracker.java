package io.svc4j.supervisor.policy;

import io.svc4j.supervisor.config.ExitAction;
import io.svc4j.supervisor.config.RestartMode;
import io.svc4j.supervisor.config.RestartSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.DoubleSupplier;

/**
 * The restart policy as pure logic: the engine reports starts and ends with the time they happened,
 * and gets a {@link Decision}. No clock, no threads: tests drive it with made-up instants.
 *
 * <p>Order of the rules: a requested stop is never restarted; a per-exit-code action overrides the
 * mode (STOP ends cleanly, IGNORE makes the exit a success, RESTART restarts whatever the mode);
 * then the mode decides; a restart that would exceed the crash-loop limit (N starts within the
 * window) is FATAL instead; otherwise the delay grows exponentially with the number of consecutive
 * short runs (shorter than reset-after), capped, with jitter.
 */
public final class RestartTracker {

  private final RestartSettings settings;
  private final DoubleSupplier random;
  private final Deque<Instant> starts = new ArrayDeque<>();
  private int consecutiveShortRuns;
  private int restarts;

  /**
   * @param random values in [0, 1) for the jitter; {@code Math::random} in production
   */
  public RestartTracker(RestartSettings settings, DoubleSupplier random) {
    this.settings = settings;
    this.random = random;
  }

  /** The child was launched at {@code now}. */
  /**
   * A tracker with {@code next} settings that remembers this one's starts and restarts, so that a
   * re-read configuration neither forgets a crash loop in progress nor resets the restart count.
   */
  public RestartTracker adopt(RestartSettings next) {
    RestartTracker t = new RestartTracker(next, random);
    t.starts.addAll(starts);
    t.consecutiveShortRuns = consecutiveShortRuns;
    t.restarts = restarts;
    return t;
  }

  public void recordStart(Instant now) {
    starts.addLast(now);
    forgetBefore(now.minus(settings.crashLoop().window()));
  }

  /** How many times the child was restarted (launches after the first). */
  public int restarts() {
    return restarts;
  }

  /** A new manual start (after EXITED / FATAL) begins with a clean slate. */
  public void reset() {
    starts.clear();
    consecutiveShortRuns = 0;
  }

  public Decision onEnd(ChildEnd end, Instant now) {
    if (end.cause() == ChildEnd.Cause.STOPPED) {
      return new Decision.Stopped(end);
    }
    if (end.cause() == ChildEnd.Cause.SCHEDULED) {
      consecutiveShortRuns = 0; // planned: neither a failure nor a reason to back off
      restarts++;
      return new Decision.Restart(Duration.ZERO, end, Decision.Rule.SCHEDULED);
    }
    boolean failure =
        end.cause() != ChildEnd.Cause.EXITED || !settings.successCodes().contains(end.exitCode());
    boolean restart =
        switch (settings.mode()) {
          case NO -> false;
          case ON_FAILURE -> failure;
          case ALWAYS, UNLESS_STOPPED -> true;
        };
    if (end.cause() == ChildEnd.Cause.EXITED) {
      ExitAction action = settings.onExit().get(end.exitCode());
      if (action == ExitAction.STOP) {
        return new Decision.Exit(false, end, Decision.Rule.EXIT_CODE_STOP, settings.mode());
      }
      if (action == ExitAction.IGNORE) {
        failure = false;
        restart =
            settings.mode() == RestartMode.ALWAYS || settings.mode() == RestartMode.UNLESS_STOPPED;
      }
      if (action == ExitAction.RESTART) {
        restart = true;
      }
    }
    boolean stable = end.uptime().compareTo(settings.resetAfter()) >= 0;
    if (stable) {
      consecutiveShortRuns = 0;
    }
    if (!restart) {
      return new Decision.Exit(failure, end, Decision.Rule.MODE, settings.mode());
    }
    forgetBefore(now.minus(settings.crashLoop().window()));
    if (starts.size() >= settings.crashLoop().maxStarts()) {
      return new Decision.Fatal(
          end, starts.size(), settings.crashLoop().window(), settings.crashLoop().maxStarts());
    }
    Duration delay = delay(consecutiveShortRuns);
    if (!stable) {
      consecutiveShortRuns++;
    }
    restarts++;
    return new Decision.Restart(delay, end, Decision.Rule.RESTART);
  }

  /** The delay before restart number {@code n} of a row of short runs (0 = first), jittered. */
  Duration delay(int n) {
    var backoff = settings.backoff();
    double base = backoff.initial().toNanos() * Math.pow(backoff.multiplier(), Math.min(n, 64));
    double cap = backoff.max().toNanos();
    double nanos = Math.min(base, cap);
    if (backoff.jitter() > 0) {
      nanos = nanos * (1 + backoff.jitter() * (2 * random.getAsDouble() - 1));
    }
    return Duration.ofNanos((long) Math.max(0, Math.min(nanos, cap)));
  }

  private void forgetBefore(Instant cutoff) {
    while (!starts.isEmpty() && starts.peekFirst().isBefore(cutoff)) {
      starts.removeFirst();
    }
  }
}
