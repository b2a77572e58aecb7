package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.supervisor.config.CronSchedule;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.os.ChildPlatform;
import java.util.Map;
import java.util.regex.Pattern;

/** What the engine refuses before anything is created, each naming its setting. */
public final class EngineChecks {

  private EngineChecks() {}

  /**
   * Throws {@link ConfigException} naming the setting unless the program is found, the working
   * directory exists, environment references resolve, the schedule parses and output triggers have
   * a log to read. Returns the child's environment.
   */
  public static Map<String, String> check(SupervisorConfig config, ChildPlatform platform) {
    Map<String, String> env = ChildEnvironment.build(config, platform);
    platform.checkCommand(config.command(), config.workingDirectory(), env);
    schedule(config);
    config.restart().onOutput().forEach(Pattern::compile);
    if (!config.restart().onOutput().isEmpty() && config.logs() == null) {
      throw new ConfigException(
          "restart.on-output", "needs log capture: set logs.directory so the output can be read");
    }
    return env;
  }

  /** restart.schedule, parsed; null without one. */
  static CronSchedule schedule(SupervisorConfig config) {
    String cron = config.restart().schedule();
    return cron == null ? null : CronSchedule.parse(cron, "restart.schedule");
  }
}
