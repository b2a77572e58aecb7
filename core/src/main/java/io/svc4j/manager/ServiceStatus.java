package io.svc4j.manager;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a manager reports about one installed service, with every state kept apart (a failed service
 * is not "stopped", an activating one is not "running").
 *
 * @param name service name
 * @param state the state in svc4j's terms
 * @param nativeState the manager's own words, e.g. "failed (exit-code)" or "STOP_PENDING"
 * @param mainPid the main process id while it runs
 * @param statusText the last status text the service reported, or ""
 * @param exitCode the last exit code, if the service has exited
 * @param result the manager's reason for the last failure (systemd Result=), or ""
 */
public record ServiceStatus(
    String name,
    State state,
    String nativeState,
    OptionalLong mainPid,
    String statusText,
    OptionalInt exitCode,
    String result) {

  /** Service states across managers. */
  public enum State {
    NOT_INSTALLED,
    STOPPED,
    STARTING,
    RUNNING,
    RELOADING,
    PAUSE_PENDING,
    PAUSED,
    CONTINUE_PENDING,
    STOPPING,
    FAILED;

    /** Exit code of {@code svc4j status}, as systemctl: 0 running, 3 not running, 4 unknown. */
    public int statusExitCode() {
      return switch (this) {
        case RUNNING, RELOADING, PAUSE_PENDING, PAUSED, CONTINUE_PENDING -> 0;
        case STOPPED, STARTING, STOPPING, FAILED -> 3;
        case NOT_INSTALLED -> 4;
      };
    }
  }

  public static ServiceStatus notInstalled(String name) {
    return new ServiceStatus(
        name,
        State.NOT_INSTALLED,
        "not installed",
        OptionalLong.empty(),
        "",
        OptionalInt.empty(),
        "");
  }
}
