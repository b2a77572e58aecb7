package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.EnvExpander;
import io.svc4j.supervisor.config.EnvFiles;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.os.ChildPlatform;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The child's environment: built again at every launch, so edited env files apply on restart. */
public final class ChildEnvironment {

  /** What our own manager set for us: the child must not talk to it. */
  private static final Set<String> MANAGER_VARIABLES =
      Set.of(
          "NOTIFY_SOCKET",
          "WATCHDOG_USEC",
          "WATCHDOG_PID",
          "LISTEN_FDS",
          "LISTEN_PID",
          "LISTEN_FDNAMES");

  private ChildEnvironment() {}

  /**
   * The environment {@code config} gives the child on {@code platform}: the supervisor's own (if
   * inherited) without the manager's variables, the platform's additions, the service marker, the
   * environment files, then {@code environment:} with references expanded. Throws {@link
   * io.svc4j.supervisor.config.ConfigException} naming the setting for a bad file or reference.
   */
  public static Map<String, String> build(SupervisorConfig config, ChildPlatform platform) {
    Map<String, String> base = System.getenv();
    Map<String, String> env = new HashMap<>();
    if (config.inheritEnvironment()) {
      env.putAll(base);
    }
    // An outer supervisor's SVC4J_TREE_ tag stays, so that a supervisor nested in another is
    // killed with the outer tree.
    env.keySet().removeIf(MANAGER_VARIABLES::contains);
    platform.completeEnvironment(env);
    // Marks every process of this service across supervisor instances: how leftovers are found.
    env.put(ChildPlatform.SERVICE_VARIABLE, config.name());
    Map<String, String> fromFiles = EnvFiles.read(config.environmentFiles(), null);
    env.putAll(fromFiles);
    Map<String, String> scope = new HashMap<>(base);
    scope.putAll(fromFiles);
    env.putAll(EnvExpander.expandAll(config.environment(), scope, "environment"));
    return Map.copyOf(env);
  }

  /** A hook's environment: the child's plus what the hook is about. */
  static Map<String, String> forHook(
      Map<String, String> childEnvironment,
      String hook,
      String service,
      ChildState state,
      int restarts,
      long pid,
      Integer exitCode) {
    Map<String, String> env = new HashMap<>(childEnvironment);
    env.put("SVC4J_HOOK", hook);
    env.put("SVC4J_SERVICE", service);
    env.put("SVC4J_STATE", state.name());
    env.put("SVC4J_RESTARTS", Integer.toString(restarts));
    if (pid > 0) {
      env.put("SVC4J_PID", Long.toString(pid));
    }
    if (exitCode != null) {
      env.put("SVC4J_EXIT_CODE", Integer.toString(exitCode));
    }
    return env;
  }
}
