package io.svc4j.runtime;

import io.svc4j.service.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a service under the platform this process was started by. The embedding entry point. */
public final class ServiceHost {

  private static final Logger log = LoggerFactory.getLogger(ServiceHost.class);

  private ServiceHost() {}

  /**
   * Runs the service until it ends and returns the process exit code. {@code listeners}, the
   * options' extensions and the {@link HostExtension}s on the class path hear its lifecycle.
   */
  public static int run(Service service, HostOptions options, LifecycleListener... listeners) {
    JnaLibraryHome.prepare(); // before any platform touches JNA
    Platform platform = Platforms.detect(HostEnvironment.current());
    log.debug("Running {} on platform {}", options.name(), platform.name());
    try {
      ServiceController controller = new ServiceController(service, options);
      for (LifecycleListener listener : listeners) {
        controller.addListener(listener);
      }
      List<HostExtension> extensions = new ArrayList<>(options.extensions());
      ServiceLoader.load(HostExtension.class).forEach(extensions::add);
      for (HostExtension extension : extensions) {
        if (java.util.Arrays.stream(listeners).anyMatch(extension::yieldsTo)) {
          continue;
        }
        try {
          extension.attach(options, service).ifPresent(controller::addListener);
        } catch (IllegalArgumentException e) {
          // A misconfigured extension (a bad registry URL in the environment): one line, no start.
          log.error("{}", e.getMessage());
          return ExitCodes.USAGE;
        }
      }
      if (options.reloadOnChange().isEmpty()) {
        return platform.run(controller);
      }
      if (!(service instanceof io.svc4j.service.Reloadable)) {
        log.error(
            "{} cannot reload: reload-on-change files were given, but the service does not"
                + " implement Reloadable",
            options.name());
        return ExitCodes.USAGE;
      }
      FileReloadTrigger trigger;
      try {
        trigger = FileReloadTrigger.start(controller, options.reloadOnChange());
      } catch (java.io.IOException e) {
        log.error("{}", e.getMessage());
        return ExitCodes.USAGE;
      }
      try (trigger) {
        return platform.run(controller);
      }
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
