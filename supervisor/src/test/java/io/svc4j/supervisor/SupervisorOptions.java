package io.svc4j.supervisor;

import io.svc4j.supervisor.config.HealthCheckSettings;
import io.svc4j.supervisor.config.HookSettings;
import io.svc4j.supervisor.config.LeftoverAction;
import io.svc4j.supervisor.config.LogSettings;
import io.svc4j.supervisor.config.ReadinessSettings;
import io.svc4j.supervisor.config.RestartSettings;
import io.svc4j.supervisor.config.StopSettings;
import io.svc4j.supervisor.config.SupervisorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-only shorthand for a {@link SupervisorConfig} built in steps (an options object a test can
 * pass around before the name and command are known); production code uses SupervisorConfig's
 * with-methods.
 */
public final class SupervisorOptions {

  private Path workingDirectory;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Boolean inheritEnvironment;
  private RestartSettings restart;
  private StopSettings stop;
  private ReadinessSettings readiness;
  private LogSettings logs;
  private HealthCheckSettings healthCheck;
  private String runAs;
  private HookSettings hooks;
  private LeftoverAction leftovers;
  private java.util.List<String> environmentFiles;

  public static SupervisorOptions defaults() {
    return new SupervisorOptions();
  }

  public SupervisorOptions workingDirectory(Path dir) {
    this.workingDirectory = dir;
    return this;
  }

  /** Adds a variable; {@code ${VAR}} references are expanded when the supervisor is created. */
  public SupervisorOptions env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public SupervisorOptions inheritEnvironment(boolean inherit) {
    this.inheritEnvironment = inherit;
    return this;
  }

  public SupervisorOptions restart(RestartSettings settings) {
    this.restart = settings;
    return this;
  }

  public SupervisorOptions stop(StopSettings settings) {
    this.stop = settings;
    return this;
  }

  public SupervisorOptions stopTimeout(Duration timeout) {
    this.stop = (stop == null ? StopSettings.DEFAULT : stop).withTimeout(timeout);
    return this;
  }

  public SupervisorOptions readiness(ReadinessSettings settings) {
    this.readiness = settings;
    return this;
  }

  public SupervisorOptions logs(LogSettings settings) {
    this.logs = settings;
    return this;
  }

  public SupervisorOptions healthCheck(HealthCheckSettings settings) {
    this.healthCheck = settings;
    return this;
  }

  /** Run the child as this user (name or uid); the supervisor must be root. */
  public SupervisorOptions runAs(String user) {
    this.runAs = user;
    return this;
  }

  public SupervisorOptions hooks(HookSettings settings) {
    this.hooks = settings;
    return this;
  }

  public SupervisorOptions leftovers(LeftoverAction action) {
    this.leftovers = action;
    return this;
  }

  /** systemd-style environment files ({@code -} prefix: may be missing), read at every launch. */
  public SupervisorOptions environmentFiles(java.util.List<String> files) {
    this.environmentFiles = files;
    return this;
  }

  /** {@code base} with every option that was set. */
  public SupervisorConfig applyTo(SupervisorConfig base) {
    Map<String, String> env = new LinkedHashMap<>(base.environment());
    env.putAll(environment);
    return new SupervisorConfig(
        base.name(),
        base.command(),
        workingDirectory != null ? workingDirectory : base.workingDirectory(),
        env,
        inheritEnvironment != null ? inheritEnvironment : base.inheritEnvironment(),
        restart != null ? restart : base.restart(),
        stop != null ? stop : base.stop(),
        readiness != null ? readiness : base.readiness(),
        logs != null ? logs : base.logs(),
        healthCheck != null ? healthCheck : base.healthCheck(),
        base.displayName(),
        base.description(),
        runAs != null ? runAs : base.runAs(),
        hooks != null ? hooks : base.hooks(),
        leftovers != null ? leftovers : base.leftovers(),
        environmentFiles != null ? environmentFiles : base.environmentFiles(),
        base.reload(),
        base.registry(),
        base.metrics(),
        base.sockets(),
        base.reloadOnChange());
  }
}
