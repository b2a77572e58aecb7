package io.svc4j.supervisor.engine;

import io.svc4j.supervisor.config.LeftoverAction;
import io.svc4j.supervisor.config.SupervisorConfig;
import io.svc4j.supervisor.os.ChildPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the first launch: processes of a previous instance or a listener on the health check's
 * local port are reported, killed (only marked processes) or refuse the start, as configured
 * (leftovers: report | kill | fail).
 */
final class LeftoverGate {

  private static final Logger log = LoggerFactory.getLogger(ChildEngine.LOG);

  private LeftoverGate() {}

  /**
   * Null when the first launch may go ahead, else why it may not (leftovers: fail). On the scan
   * thread: it reads every process's environment, and with leftovers: kill waits for them to end.
   */
  static String refusal(SupervisorConfig config, ChildPlatform platform) {
    String name = config.name();
    ChildPlatform.Leftovers found;
    try {
      found = platform.findLeftovers(name, HealthPorts.localPort(config));
    } catch (RuntimeException e) {
      log.warn("{}: cannot check for leftovers: {}", name, e.toString());
      return config.leftovers() == LeftoverAction.FAIL
          ? "cannot check for leftovers of a previous instance (" + e.getMessage() + ")"
          : null;
    }
    if (found == null) {
      return null;
    }
    switch (config.leftovers()) {
      case REPORT ->
          log.warn("{}: {}; starting anyway (leftovers: report)", name, found.describe());
      case KILL -> {
        log.warn("{}: {}; stopping them (leftovers: kill)", name, found.describe());
        found.kill(config.stop().timeout());
      }
      case FAIL -> {
        return found.describe() + "; stop them, or set leftovers: kill (or report) to start anyway";
      }
    }
    return null;
  }
}
