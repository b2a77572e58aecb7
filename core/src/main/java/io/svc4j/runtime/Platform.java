package io.svc4j.runtime;

/**
 * A place a service can run: a plain console, systemd, the Windows SCM, launchd. A platform wires
 * the manager's controls (signals, SCM control codes) to the controller and reports the
 * controller's events back to the manager.
 */
public interface Platform {

  /** Short name for logs: "console", "systemd", "windows-scm". */
  String name();

  /**
   * Starts the controller's service here and blocks until it has ended.
   *
   * @return the process exit code
   */
  int run(ServiceController controller) throws Exception;
}
