package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.SupervisorConfig;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a re-read configuration in place of the engine's, on the event thread and outside {@code
 * move()}: it changes no state, only what the next moves work with. The restart policy (its count
 * and crash-loop window carried over), the stop settings and the hooks take effect at once; a
 * changed health check replaces the running child's check, the output triggers apply to the running
 * child's next line; readiness and the schedule apply from the child's next start. Whether the
 * child must start again for the new command, environment or working directory is the caller's
 * decision ({@link io.svc4j.supervisor.config.ConfigChange}). The log capture is not swapped here:
 * its files switch on their writers' threads, between two lines ({@link LogSwitch}), right after.
 */
final class ConfigSwap {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private ConfigSwap() {}

  static void apply(ChildEngine e, SupervisorConfig next) {
    SupervisorConfig before = e.config;
    e.config = next;
    e.tracker = e.tracker.adopt(next.restart());
    e.schedule = EngineChecks.schedule(next);
    e.memory = new MemoryLimit(next.restart().maxMemory());
    e.upkeep.reconsider(e.memory.measures());
    e.hooks = new Hooks(next, e.parts);
    e.stops = new StopSequence(next, e.parts, e.hooks);
    e.outputTriggers.replace(next.restart().onOutput()); // the running child's pumps too
    e.launcher =
        new RunLauncher(next, e.parts, e.logs, e.runtimeDir, e.listeners, e.outputTriggers);
    ChildState state = e.now.state();
    boolean checked = state == ChildState.STARTING || state == ChildState.RUNNING;
    if (!Objects.equals(before.healthCheck(), next.healthCheck()) && e.run != null && checked) {
      if (e.run.health != null) {
        e.run.health.close();
        e.run.health = null;
      }
      e.launcher.startHealth(e.run);
      log.info("{}: health check replaced for the running child", e.name);
    }
    e.publish();
  }
}
