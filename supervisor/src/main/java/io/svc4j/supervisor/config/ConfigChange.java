package io.svc4j.supervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What differs between the configuration a supervisor runs and a newly read one, sorted by what a
 * re-read can do with it: settings that define the child's process (it must be started again),
 * settings the supervisor can apply to the running child (with most of {@code logs}: {@link
 * LogChange}), and settings fixed for the supervisor's lifetime (its name, the inherited sockets,
 * the metrics port, the registry agent, the supervisor's own log), which only a restart of the
 * supervisor applies. Pure logic, used by the re-read of the configuration file.
 *
 * @param restartChild keys whose change needs a new child process
 * @param live keys that can be applied without touching the child
 * @param needsSupervisorRestart keys that stay as they are until the supervisor restarts
 */
public record ConfigChange(
    List<String> restartChild, List<String> live, List<String> needsSupervisorRestart) {

  public ConfigChange {
    restartChild = List.copyOf(restartChild);
    live = List.copyOf(live);
    needsSupervisorRestart = List.copyOf(needsSupervisorRestart);
  }

  /** How a key's change can be applied. */
  enum Kind {
    RESTART_CHILD,
    LIVE,
    SUPERVISOR,
    /** {@code logs}: each of its keys as {@link LogChange} sorts it. */
    LOGS
  }

  /** Every component of {@link SupervisorConfig}, with its file key and how it applies. */
  private record Key(String name, Kind kind, Function<SupervisorConfig, Object> value) {}

  private static final List<Key> KEYS =
      List.of(
          new Key("name", Kind.SUPERVISOR, SupervisorConfig::name),
          new Key("command", Kind.RESTART_CHILD, SupervisorConfig::command),
          new Key("working-directory", Kind.RESTART_CHILD, SupervisorConfig::workingDirectory),
          new Key("environment", Kind.RESTART_CHILD, SupervisorConfig::environment),
          new Key("inherit-environment", Kind.RESTART_CHILD, SupervisorConfig::inheritEnvironment),
          new Key("environment-files", Kind.RESTART_CHILD, SupervisorConfig::environmentFiles),
          new Key("run-as", Kind.RESTART_CHILD, SupervisorConfig::runAs),
          new Key("restart", Kind.LIVE, SupervisorConfig::restart),
          new Key("stop", Kind.LIVE, SupervisorConfig::stop),
          new Key("readiness", Kind.LIVE, SupervisorConfig::readiness),
          new Key("health-check", Kind.LIVE, SupervisorConfig::healthCheck),
          new Key("hooks", Kind.LIVE, SupervisorConfig::hooks),
          new Key("reload", Kind.LIVE, SupervisorConfig::reload),
          new Key("display-name", Kind.LIVE, SupervisorConfig::displayName),
          new Key("description", Kind.LIVE, SupervisorConfig::description),
          new Key("leftovers", Kind.LIVE, SupervisorConfig::leftovers),
          new Key("logs", Kind.LOGS, SupervisorConfig::logs),
          new Key("registry", Kind.SUPERVISOR, SupervisorConfig::registry),
          new Key("metrics", Kind.SUPERVISOR, SupervisorConfig::metrics),
          new Key("sockets", Kind.SUPERVISOR, SupervisorConfig::sockets),
          new Key("reload-on-change", Kind.SUPERVISOR, SupervisorConfig::reloadOnChange));

  /** The keys (in file order) whose values differ between {@code running} and {@code next}. */
  public static ConfigChange between(SupervisorConfig running, SupervisorConfig next) {
    List<String> restartChild = new ArrayList<>();
    List<String> live = new ArrayList<>();
    List<String> supervisor = new ArrayList<>();
    for (Key key : KEYS) {
      if (Objects.equals(key.value().apply(running), key.value().apply(next))) {
        continue;
      }
      switch (key.kind()) {
        case RESTART_CHILD -> restartChild.add(key.name());
        case LIVE -> live.add(key.name());
        case SUPERVISOR -> supervisor.add(key.name());
        case LOGS -> {
          LogChange logs = LogChange.between(running.name(), running.logs(), next.logs());
          live.addAll(logs.live());
          supervisor.addAll(logs.atSupervisorStart());
        }
      }
    }
    return new ConfigChange(restartChild, live, supervisor);
  }

  /**
   * {@code next} with the settings fixed for the supervisor's lifetime kept as they run (of {@code
   * logs}, what {@link LogChange#applicable} keeps): what a running supervisor can adopt.
   */
  public static SupervisorConfig applicable(SupervisorConfig running, SupervisorConfig next) {
    return new SupervisorConfig(
        running.name(),
        next.command(),
        next.workingDirectory(),
        next.environment(),
        next.inheritEnvironment(),
        next.restart(),
        next.stop(),
        next.readiness(),
        LogChange.applicable(running.name(), running.logs(), next.logs()),
        next.healthCheck(),
        next.displayName(),
        next.description(),
        next.runAs(),
        next.hooks(),
        next.leftovers(),
        next.environmentFiles(),
        next.reload(),
        running.registry(),
        running.metrics(),
        running.sockets(),
        running.reloadOnChange());
  }

  /** Nothing differs. */
  public boolean isEmpty() {
    return restartChild.isEmpty() && live.isEmpty() && needsSupervisorRestart.isEmpty();
  }

  /** Whether the child must be started again for the new configuration to apply. */
  public boolean restartsChild() {
    return !restartChild.isEmpty();
  }

  /** Number of {@link SupervisorConfig}'s components that {@link #between} compares. */
  static int comparedKeys() {
    return KEYS.size();
  }
}
