package io.svc4j.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * POSIX signals as controls, shared by every platform that delivers them (console, systemd,
 * launchd): SIGTERM and SIGINT request a graceful stop, SIGHUP a reload. A second SIGINT while
 * stopping exits at once — the operator pressed Ctrl+C twice.
 */
public final class SignalControls {

  private static final Logger log = LoggerFactory.getLogger(SignalControls.class);

  private SignalControls() {}

  public static void install(ServiceController controller) {
    handle("TERM", () -> stop(controller, "SIGTERM"));
    handle(
        "INT",
        () -> {
          if (!stop(controller, "SIGINT")) {
            log.warn("Second interrupt while stopping: exiting now without waiting");
            Runtime.getRuntime().halt(ExitCodes.FORCED);
          }
        });
    handle(
        "HUP",
        () -> {
          if (!controller.supportsReload()) {
            log.info("SIGHUP ignored: {} does not support reload", controller.options().name());
          } else if (!controller.requestReload()) {
            log.info("SIGHUP ignored: reload is possible only while running");
          }
        });
  }

  private static boolean stop(ServiceController controller, String signal) {
    boolean accepted = controller.requestStop();
    if (accepted) {
      log.info("{} received: stopping {}", signal, controller.options().name());
    }
    return accepted;
  }

  private static void handle(String name, Runnable action) {
    try {
      Signal.handle(new Signal(name), signal -> action.run());
    } catch (IllegalArgumentException e) {
      // Signal does not exist here (HUP on Windows) or the JVM reserves it (-Xrs): nothing to wire.
      log.debug("Signal {} not available: {}", name, e.getMessage());
    }
  }
}
