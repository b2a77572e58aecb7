package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.RestartPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SCM does when the service ends without being asked to (SERVICE_FAILURE_ACTIONS): one
 * action for the first failure, one for the second, the last one for every further failure; the
 * failure count goes back to zero after {@code resetPeriod} without failures.
 *
 * @param actions in order; empty means "do nothing"
 * @param resetPeriod failure-free time after which the count restarts
 * @param onNonCrashFailures also act when the service reported STOPPED with a non-zero exit code
 *     (SERVICE_FAILURE_ACTIONS_FLAG); without it only a process that dies counts. svc4j reports
 *     failures this way, so this is on by default.
 */
public record RecoveryActions(
    List<Action> actions, Duration resetPeriod, boolean onNonCrashFailures) {

  /** The SCM allows any number of actions; more than a handful is a configuration mistake. */
  public static final int MAX_ACTIONS = 16;

  /** SC_ACTION_TYPE. */
  public enum Kind {
    NONE(0),
    RESTART(1),
    REBOOT(2),
    RUN_COMMAND(3);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Kind of(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new IllegalArgumentException("not an SC_ACTION_TYPE: " + code);
    }
  }

  /** One SC_ACTION: what to do and after how long. */
  public record Action(Kind kind, Duration delay) {
    public Action {
      if (delay.isNegative() || delay.toMillis() > 0xFFFF_FFFFL) {
        throw new ManagerException("recovery delay " + delay + " is out of range (0 to 49 days)");
      }
    }

    /** SC_ACTION.Delay, in milliseconds. */
    public int delayMillis() {
      return (int) delay.toMillis();
    }
  }

  public static final RecoveryActions NONE = new RecoveryActions(List.of(), Duration.ZERO, false);

  public RecoveryActions {
    actions = List.copyOf(actions);
    if (actions.size() > MAX_ACTIONS) {
      throw new ManagerException(
          actions.size() + " recovery actions given, at most " + MAX_ACTIONS + " make sense");
    }
    if (resetPeriod.isNegative() || resetPeriod.toSeconds() > 0xFFFF_FFFFL) {
      throw new ManagerException("recovery reset period " + resetPeriod + " is out of range");
    }
  }

  /**
   * The SCM equivalent of a platform-neutral restart policy: restart after {@code delay} up to
   * {@code burst} times, counted within {@code interval}. The SCM repeats the last action forever,
   * so a bounded policy ends with NONE: after burst failures it stays stopped until the count
   * resets.
   */
  public static RecoveryActions from(RestartPolicy policy) {
    if (policy.mode() == RestartPolicy.Mode.NO) {
      return NONE;
    }
    List<Action> list = new ArrayList<>();
    for (int i = 0; i < policy.burst(); i++) {
      list.add(new Action(Kind.RESTART, policy.delay()));
    }
    if (list.size() < MAX_ACTIONS) {
      list.add(new Action(Kind.NONE, Duration.ZERO));
    }
    List<Action> capped = list.subList(0, Math.min(list.size(), MAX_ACTIONS));
    // ALWAYS cannot be expressed: the SCM never restarts a service that stopped cleanly.
    return new RecoveryActions(capped, policy.interval(), true);
  }

  /** Throws unless every action is one svc4j installs (RESTART or NONE). */
  public RecoveryActions requireInstallable() {
    for (Action action : actions) {
      if (action.kind() == Kind.REBOOT || action.kind() == Kind.RUN_COMMAND) {
        throw new ManagerException(
            "recovery action " + action.kind() + " is not supported by svc4j: use RESTART or NONE");
      }
    }
    return this;
  }

  /** dwResetPeriod, in seconds. */
  public int resetPeriodSeconds() {
    return (int) resetPeriod.toSeconds();
  }

  /** One line for plan and status, e.g. "restart/2000ms, restart/2000ms, none; reset 60s". */
  public String describe() {
    if (actions.isEmpty()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    for (Action action : actions) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(action.kind().name().toLowerCase(java.util.Locale.ROOT));
      if (action.kind() != Kind.NONE) {
        out.append('/').append(action.delayMillis()).append("ms");
      }
    }
    out.append("; reset ").append(resetPeriodSeconds()).append('s');
    out.append(onNonCrashFailures ? "; also on non-crash failures" : "; on crashes only");
    return out.toString();
  }
}
