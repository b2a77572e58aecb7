package io.svc4j.supervisor.policy;

import io.svc4j.supervisor.config.RestartMode;
import java.time.Duration;

/**
 * What the supervisor does after the child ended, and which rule of the policy said so, as data:
 * the end, the rule, and the figures the rule used. The words come last, from {@link #reason}, so
 * no caller has to take a sentence apart to learn why.
 */
public sealed interface Decision {

  /** The rule of the policy that decided (see {@link RestartTracker} for their order). */
  enum Rule {
    /** It was stopped on request: never restarted. */
    STOPPED_ON_REQUEST,
    /** {@code restart.schedule} stopped it: started again at once, no backoff, no failure. */
    SCHEDULED,
    /** {@code restart.on-exit} maps its exit code to {@code stop}. */
    EXIT_CODE_STOP,
    /**
     * The restart mode does not restart this end ({@code no}; {@code on-failure} after success).
     */
    MODE,
    /** Restarting would exceed the crash-loop limit. */
    CRASH_LOOP,
    /** The mode, or {@code restart.on-exit: restart}, restarts it after the backoff delay. */
    RESTART
  }

  /** How the run ended. */
  ChildEnd end();

  Rule rule();

  /**
   * The decision in words, with the end worded as {@code endWords}: the engine knows more than
   * {@link ChildEnd#describe()} (which pid, which pattern matched) and passes its own words.
   */
  String reason(String endWords);

  /** The decision in words, the end worded by {@link ChildEnd#describe()}. */
  default String reason() {
    return reason(end().describe());
  }

  /**
   * What happens next, in words for an operator's log line ("restarting in 985 ms"), never a
   * record's own text.
   */
  default String nextStep() {
    return switch (this) {
      case Restart r when r.delay().isZero() -> "restarting now";
      case Restart r ->
          "restarting in "
              + (r.delay().toMillis() < 10_000 || r.delay().toMillis() % 1000 != 0
                  ? r.delay().toMillis() + " ms"
                  : r.delay().toSeconds() + " s");
      case Exit e -> e.failed() ? "not restarting (a failure)" : "not restarting";
      case Fatal f -> "giving up";
      case Stopped s -> "stays stopped";
    };
  }

  /** Start it again after {@code delay} (state BACKOFF meanwhile). */
  record Restart(Duration delay, ChildEnd end, Rule rule) implements Decision {
    public Restart {
      require(rule == Rule.RESTART || rule == Rule.SCHEDULED, rule);
    }

    @Override
    public String reason(String endWords) {
      return endWords;
    }
  }

  /**
   * Leave it ended (EXITED). {@code failed}: the supervisor reports a failure to its manager.
   * {@code mode} is the restart mode that was applied.
   */
  record Exit(boolean failed, ChildEnd end, Rule rule, RestartMode mode) implements Decision {
    public Exit {
      require(rule == Rule.EXIT_CODE_STOP || rule == Rule.MODE, rule);
    }

    @Override
    public String reason(String endWords) {
      return rule == Rule.EXIT_CODE_STOP
          ? endWords + ", configured to stop"
          : endWords + ", policy " + mode.yamlName();
    }
  }

  /** Give up (FATAL): {@code starts} launches within {@code window} reached {@code maxStarts}. */
  record Fatal(ChildEnd end, int starts, Duration window, int maxStarts) implements Decision {
    @Override
    public Rule rule() {
      return Rule.CRASH_LOOP;
    }

    @Override
    public String reason(String endWords) {
      return endWords
          + "; started "
          + starts
          + " times within "
          + window.toSeconds()
          + " s (crash-loop limit "
          + maxStarts
          + ")";
    }
  }

  /** It was stopped on request (STOPPED). */
  record Stopped(ChildEnd end) implements Decision {
    @Override
    public Rule rule() {
      return Rule.STOPPED_ON_REQUEST;
    }

    @Override
    public String reason(String endWords) {
      return endWords;
    }
  }

  private static void require(boolean ok, Rule rule) {
    if (!ok) {
      throw new IllegalArgumentException("this decision is not made by rule " + rule);
    }
  }
}
