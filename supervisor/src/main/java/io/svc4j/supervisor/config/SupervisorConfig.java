package io.svc4j.supervisor.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the supervisor needs to run one child. Records with nullable components that fall back
 * to defaults, so a Jackson YAML loader can map a file onto them directly; validation throws {@link
 * ConfigException} naming the key, to which the loader adds file:line:column.
 *
 * @param name service name (letters, digits, {@code . _ -})
 * @param command program and arguments, run without a shell
 * @param workingDirectory the child's working directory; null: the supervisor's
 * @param environment variables set for the child; values may use {@code ${VAR}} and {@code
 *     ${VAR:-default}} from the supervisor's environment, {@code $$} for a literal {@code $}
 * @param inheritEnvironment whether the child also gets the supervisor's environment
 * @param restart restart policy
 * @param stop stop signal and timeout
 * @param readiness when the child is RUNNING, and its watchdog
 * @param logs log capture; null: the child's output goes to the supervisor's stdout/stderr
 * @param healthCheck optional periodic health check
 * @param displayName human-readable name for service managers; default: {@code name}
 * @param description one line for service managers; default: none
 * @param hooks commands run around the child's life; default: none
 * @param environmentFiles files of {@code KEY=VALUE} lines (systemd EnvironmentFile= format, {@code
 *     -} prefix: may be missing), read at every launch, before {@code environment}
 * @param leftovers what to do with processes of a previous instance found before the first launch;
 *     default: report
 * @param runAs {@code USER} or {@code USER:GROUP} (names or ids) the child runs as (the supervisor
 *     must be root, and stays root); null: the supervisor's own user
 * @param reload what a reload of the service does to the child; default: SIGHUP to it
 * @param registry the svc4j registry the child is registered with while it runs; null: none
 * @param metrics where to serve {@code /metrics} over HTTP; null: only through the control channel
 * @param sockets listening sockets the supervisor holds and passes to each child ({@code
 *     LISTEN_FDS}); at most one for now (it reaches the child as its standard input)
 * @param reloadOnChange whether the supervisor re-reads its configuration file when it changes, as
 *     a reload does (default false)
 */
public record SupervisorConfig(
    String name,
    List<String> command,
    Path workingDirectory,
    Map<String, String> environment,
    Boolean inheritEnvironment,
    RestartSettings restart,
    StopSettings stop,
    ReadinessSettings readiness,
    LogSettings logs,
    HealthCheckSettings healthCheck,
    String displayName,
    String description,
    String runAs,
    HookSettings hooks,
    LeftoverAction leftovers,
    List<String> environmentFiles,
    ReloadSettings reload,
    RegistrySettings registry,
    MetricsSettings metrics,
    List<SocketSettings> sockets,
    Boolean reloadOnChange) {

  public SupervisorConfig {
    ConfigException.require(name != null && !name.isBlank(), "name", "is required");
    ConfigException.require(
        ChildNames.isValid(name),
        "name",
        "'"
            + name
            + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    ConfigException.require(
        command != null && !command.isEmpty() && !command.get(0).isBlank(),
        "command",
        "must name the program to run, e.g. [java, -jar, app.jar]");
    command = List.copyOf(command);
    environment =
        environment == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    for (String key : environment.keySet()) {
      ConfigException.require(
          VariableNames.isValid(key),
          "environment." + key,
          "is not a valid variable name (letters, digits, '_', not starting with a digit)");
    }
    inheritEnvironment = inheritEnvironment == null || inheritEnvironment;
    restart = restart == null ? RestartSettings.DEFAULT : restart;
    stop = stop == null ? StopSettings.DEFAULT : stop;
    readiness = readiness == null ? ReadinessSettings.DEFAULT : readiness;
    displayName = displayName == null || displayName.isBlank() ? name : displayName.strip();
    description = description == null ? "" : description.strip();
    runAs = runAs == null || runAs.isBlank() ? null : runAs.strip();
    hooks = hooks == null ? HookSettings.NONE : hooks;
    leftovers = leftovers == null ? LeftoverAction.REPORT : leftovers;
    environmentFiles = environmentFiles == null ? List.of() : List.copyOf(environmentFiles);
    reload = reload == null ? ReloadSettings.DEFAULT : reload;
    sockets = sockets == null ? List.of() : List.copyOf(sockets);
    reloadOnChange = reloadOnChange != null && reloadOnChange;
    ConfigException.require(
        !displayName.contains("\n") && !description.contains("\n"),
        displayName.contains("\n") ? "display-name" : "description",
        "must be one line");
    ConfigException.require(
        readiness.mode() != ReadinessMode.HEALTH || healthCheck != null,
        "readiness.mode",
        "is 'health' but no health-check is configured");
  }

  /** A child with default settings for everything but its name and command. */
  public static SupervisorConfig of(String name, List<String> command) {
    return new SupervisorConfig(
        name, command, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null);
  }

  public SupervisorConfig withName(String name) {
    Copy c = new Copy(this);
    c.name = name;
    return c.build();
  }

  public SupervisorConfig withCommand(List<String> command) {
    Copy c = new Copy(this);
    c.command = command;
    return c.build();
  }

  public SupervisorConfig withWorkingDirectory(Path dir) {
    Copy c = new Copy(this);
    c.workingDirectory = dir;
    return c.build();
  }

  public SupervisorConfig withEnvironment(Map<String, String> env, boolean inherit) {
    Copy c = new Copy(this);
    c.environment = env;
    c.inheritEnvironment = inherit;
    return c.build();
  }

  public SupervisorConfig withRestart(RestartSettings settings) {
    Copy c = new Copy(this);
    c.restart = settings;
    return c.build();
  }

  public SupervisorConfig withStop(StopSettings settings) {
    Copy c = new Copy(this);
    c.stop = settings;
    return c.build();
  }

  public SupervisorConfig withReadiness(ReadinessSettings settings) {
    Copy c = new Copy(this);
    c.readiness = settings;
    return c.build();
  }

  public SupervisorConfig withLogs(LogSettings settings) {
    Copy c = new Copy(this);
    c.logs = settings;
    return c.build();
  }

  public SupervisorConfig withHealthCheck(HealthCheckSettings settings) {
    Copy c = new Copy(this);
    c.healthCheck = settings;
    return c.build();
  }

  public SupervisorConfig withRunAs(String user) {
    Copy c = new Copy(this);
    c.runAs = user;
    return c.build();
  }

  public SupervisorConfig withHooks(HookSettings settings) {
    Copy c = new Copy(this);
    c.hooks = settings;
    return c.build();
  }

  public SupervisorConfig withLeftovers(LeftoverAction action) {
    Copy c = new Copy(this);
    c.leftovers = action;
    return c.build();
  }

  public SupervisorConfig withEnvironmentFiles(List<String> files) {
    Copy c = new Copy(this);
    c.environmentFiles = files;
    return c.build();
  }

  public SupervisorConfig withMetrics(MetricsSettings settings) {
    Copy c = new Copy(this);
    c.metrics = settings;
    return c.build();
  }

  public SupervisorConfig withReload(ReloadSettings settings) {
    Copy c = new Copy(this);
    c.reload = settings;
    return c.build();
  }

  public SupervisorConfig withRegistry(RegistrySettings settings) {
    Copy c = new Copy(this);
    c.registry = settings;
    return c.build();
  }

  /** A mutable copy, so that each with-method names only what it changes; validated on build. */
  private static final class Copy {
    String name;
    List<String> command;
    Path workingDirectory;
    Map<String, String> environment;
    Boolean inheritEnvironment;
    RestartSettings restart;
    StopSettings stop;
    ReadinessSettings readiness;
    LogSettings logs;
    HealthCheckSettings healthCheck;
    String displayName;
    String description;
    String runAs;
    HookSettings hooks;
    LeftoverAction leftovers;
    List<String> environmentFiles;
    ReloadSettings reload;
    RegistrySettings registry;
    MetricsSettings metrics;
    List<SocketSettings> sockets;
    Boolean reloadOnChange;

    Copy(SupervisorConfig c) {
      name = c.name;
      command = c.command;
      workingDirectory = c.workingDirectory;
      environment = c.environment;
      inheritEnvironment = c.inheritEnvironment;
      restart = c.restart;
      stop = c.stop;
      readiness = c.readiness;
      logs = c.logs;
      healthCheck = c.healthCheck;
      displayName = c.displayName;
      description = c.description;
      runAs = c.runAs;
      hooks = c.hooks;
      leftovers = c.leftovers;
      environmentFiles = c.environmentFiles;
      reload = c.reload;
      registry = c.registry;
      metrics = c.metrics;
      sockets = c.sockets;
      reloadOnChange = c.reloadOnChange;
    }

    SupervisorConfig build() {
      return new SupervisorConfig(
          name,
          command,
          workingDirectory,
          environment,
          inheritEnvironment,
          restart,
          stop,
          readiness,
          logs,
          healthCheck,
          displayName,
          description,
          runAs,
          hooks,
          leftovers,
          environmentFiles,
          reload,
          registry,
          metrics,
          sockets,
          reloadOnChange);
    }
  }
}
