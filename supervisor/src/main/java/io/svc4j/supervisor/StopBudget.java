package io.svc4j.supervisor;

import io.svc4j.supervisor.config.SupervisorConfig;
import java.time.Duration;

/**
 * How long a whole stop of a supervisor for a given configuration may take, as a pure function of
 * the configuration: the child's stop timeout, the tree kill after it (15 s), and the pre-stop and
 * post-stop hooks' timeouts when there are such hooks. The host's stop deadline, the control
 * channel's wait for {@code stop}/{@code restart}, and {@code svc4j install}'s unit stop timeout
 * are all this one number.
 */
public final class StopBudget {

  /** After the stop timeout: SIGKILL of the tree and the wait for its last process. */
  static final Duration TREE_KILL = Duration.ofSeconds(15);

  private StopBudget() {}

  public static Duration of(SupervisorConfig config) {
    Duration budget = config.stop().timeout().plus(TREE_KILL);
    var hooks = config.hooks();
    if (!hooks.preStop().isEmpty()) {
      budget = budget.plus(hooks.timeout());
    }
    if (!hooks.postStop().isEmpty()) {
      budget = budget.plus(hooks.timeout());
    }
    return budget;
  }
}
