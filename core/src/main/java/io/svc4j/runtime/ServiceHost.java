package io.svc4j.runtime;

import io.svc4j.service.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a service under the platform this process was started by. The embedding entry point. */
public final class ServiceHost {

  private static final Logger log = LoggerFactory.getLogger(ServiceHost.class);

  private ServiceHost() {}

  /** Runs the service until it ends and returns the process exit code. */
  public static int run(Service service, HostOptions options) {
    Platform platform = Platforms.detect(HostEnvironment.current());
    log.debug("Running {} on platform {}", options.name(), platform.name());
    try {
      return platform.run(new ServiceController(service, options));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.RUNTIME_FAILED;
    } catch (Exception e) {
      log.error(
          "Platform {} failed to run {}: {}", platform.name(), options.name(), e.toString(), e);
      return ExitCodes.RUNTIME_FAILED;
    }
  }

  /** Runs the service and exits the JVM with its exit code. */
  public static void runAndExit(Service service, HostOptions options) {
    System.exit(run(service, options));
  }
}
