package io.svc4j.supervisor.config;

import java.time.Duration;
import java.util.List;

/**
 * Commands run around the child's life (YAML {@code hooks}), without a shell, as the child's user,
 * in its working directory, with its environment plus {@code SVC4J_HOOK} (the event), {@code
 * SVC4J_SERVICE}, {@code SVC4J_STATE}, {@code SVC4J_RESTARTS}, and {@code SVC4J_PID} / {@code
 * SVC4J_EXIT_CODE} where they apply. Each runs in its own process group, which is killed when it
 * takes longer than {@code timeout}.
 *
 * @param preStart before every launch; a non-zero exit or a timeout aborts that start, which counts
 *     as a failed run (backoff, crash-loop limit)
 * @param postStart after the child became RUNNING; a failure is logged
 * @param preStop before the stop signal (requested stops and supervisor-initiated ones); a failure
 *     is logged and the stop goes on. Its time counts against the stop deadline.
 * @param postStop after the whole tree is gone; a failure is logged
 * @param timeout how long each hook may take (default 30 s)
 */
public record HookSettings(
    List<String> preStart,
    List<String> postStart,
    List<String> preStop,
    List<String> postStop,
    Duration timeout) {

  public static final HookSettings NONE = new HookSettings(null, null, null, null, null);

  public HookSettings {
    preStart = copy(preStart, "pre-start");
    postStart = copy(postStart, "post-start");
    preStop = copy(preStop, "pre-stop");
    postStop = copy(postStop, "post-stop");
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    ConfigException.positive(timeout, "timeout");
  }

  private static List<String> copy(List<String> command, String setting) {
    if (command == null) {
      return List.of();
    }
    ConfigException.require(
        !command.isEmpty() && !command.get(0).isBlank(),
        setting,
        "must name a program, e.g. [/usr/local/bin/migrate, --check]");
    return List.copyOf(command);
  }
}
