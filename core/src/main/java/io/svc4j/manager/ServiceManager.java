package io.svc4j.manager;

import java.time.Duration;
import java.util.List;

/**
 * Controls services of one service manager (systemd, the Windows SCM, launchd). Every method either
 * succeeds or throws {@link ManagerException} with a one-line message and leaves nothing half done.
 */
public interface ServiceManager {

  /** "systemd", "windows-scm", ... */
  String name();

  /** What {@link #install} would write, without changing anything (for --dry-run). */
  List<Artefact> plan(ServiceDefinition definition);

  /**
   * Installs and enables the service. Refuses to replace a different existing service unless {@code
   * force}; rolls back everything it did if a step fails.
   */
  void install(ServiceDefinition definition, boolean force);

  /** Stops (waiting at most {@code timeout}), disables and removes the service. */
  void uninstall(String name, Duration timeout);

  /** Starts the service; unless timeout is zero, waits until it runs or has failed. */
  ServiceStatus start(String name, Duration timeout);

  /** Stops the service; unless timeout is zero, waits until it has stopped. */
  ServiceStatus stop(String name, Duration timeout);

  /** Restarts the service; unless timeout is zero, waits until it runs again. */
  ServiceStatus restart(String name, Duration timeout);

  /**
   * Pauses a service that supports it; managers without a pause control (systemd has none) throw,
   * saying so and what to do instead.
   */
  default ServiceStatus pause(String name, Duration timeout) {
    throw new ManagerException(
        "cannot pause '"
            + name
            + "': "
            + name()
            + " has no pause control (pause and resume are Windows service controls);"
            + " to take the service out of traffic here, stop it: svc4j stop "
            + name);
  }

  /** Continues a paused service; managers without a pause control throw, saying so. */
  default ServiceStatus resume(String name, Duration timeout) {
    throw new ManagerException(
        "cannot resume '"
            + name
            + "': "
            + name()
            + " has no pause control, so nothing is paused there (pause and resume are Windows"
            + " service controls)");
  }

  /**
   * Asks a running service to re-read its configuration (systemd reload, SCM PARAMCHANGE); unless
   * timeout is zero, waits until the manager reports it running again. A service that does not
   * support reload, or is not running, is an error.
   */
  default ServiceStatus reload(String name, Duration timeout) {
    throw new ManagerException(name() + " cannot reload services");
  }

  /**
   * Changes only what {@code update} asks for in an installed service and leaves every other
   * setting as it is; managers that can only rewrite a whole definition throw.
   */
  default ServiceStatus update(String name, ServiceUpdate update) {
    throw new ManagerException(name() + " cannot update services in place: use install --force");
  }

  /** The status of one service; NOT_INSTALLED if unknown. Needs no privileges. */
  ServiceStatus status(String name);

  /** Services installed by svc4j. */
  List<ServiceStatus> list();
}
