package io.svc4j.windows.manager;

import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceStatus.State;
import io.svc4j.windows.Scm;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads an SCM status into svc4j's {@link ServiceStatus}, keeping all seven SCM states apart. */
final class ScmStatusMapping {
  private ScmStatusMapping() {}

  static ServiceStatus toStatus(String name, RawStatus raw) {
    boolean failed = raw.state() == Scm.STOPPED && raw.win32ExitCode() != Scm.NO_ERROR;
    State state =
        switch (raw.state()) {
          case Scm.STOPPED -> failed ? State.FAILED : State.STOPPED;
          case Scm.START_PENDING -> State.STARTING;
          case Scm.STOP_PENDING -> State.STOPPING;
          case Scm.RUNNING -> State.RUNNING;
          case Scm.CONTINUE_PENDING -> State.CONTINUE_PENDING;
          case Scm.PAUSE_PENDING -> State.PAUSE_PENDING;
          case Scm.PAUSED -> State.PAUSED;
          default -> throw new IllegalArgumentException("unknown SCM state " + raw.state());
        };
    OptionalInt exitCode = OptionalInt.empty();
    String result = "";
    if (raw.win32ExitCode() == Scm.ERROR_SERVICE_SPECIFIC_ERROR) {
      exitCode = OptionalInt.of(raw.serviceSpecificExitCode());
      result = "service-specific error " + raw.serviceSpecificExitCode();
    } else if (raw.win32ExitCode() != Scm.NO_ERROR) {
      exitCode = OptionalInt.of(raw.win32ExitCode());
      result = "Win32 error " + raw.win32ExitCode();
    } else if (raw.state() == Scm.STOPPED) {
      exitCode = OptionalInt.of(0);
    }
    String nativeState = Scm.stateName(raw.state());
    if (!result.isEmpty()) {
      nativeState += " (" + result + ")";
    }
    OptionalLong pid =
        raw.processId() > 0 ? OptionalLong.of(raw.processId()) : OptionalLong.empty();
    return new ServiceStatus(name, state, nativeState, pid, "", exitCode, result);
  }
}
