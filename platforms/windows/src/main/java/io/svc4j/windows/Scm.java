package io.svc4j.windows;

/**
 * The numeric constants of the Service Control Manager API that svc4j uses, in one place so that
 * the pure logic (and its tests on Linux) does not depend on JNA classes.
 */
public final class Scm {
  private Scm() {}

  // dwCurrentState
  public static final int STOPPED = 1;
  public static final int START_PENDING = 2;
  public static final int STOP_PENDING = 3;
  public static final int RUNNING = 4;
  public static final int CONTINUE_PENDING = 5;
  public static final int PAUSE_PENDING = 6;
  public static final int PAUSED = 7;

  // dwControlsAccepted
  public static final int ACCEPT_STOP = 0x1;
  public static final int ACCEPT_PAUSE_CONTINUE = 0x2;
  public static final int ACCEPT_SHUTDOWN = 0x4;
  public static final int ACCEPT_PARAMCHANGE = 0x8;
  public static final int ACCEPT_POWEREVENT = 0x40;
  public static final int ACCEPT_SESSIONCHANGE = 0x80;
  public static final int ACCEPT_PRESHUTDOWN = 0x100;

  // control codes
  public static final int CONTROL_STOP = 1;
  public static final int CONTROL_PAUSE = 2;
  public static final int CONTROL_CONTINUE = 3;
  public static final int CONTROL_INTERROGATE = 4;
  public static final int CONTROL_SHUTDOWN = 5;
  public static final int CONTROL_PARAMCHANGE = 6;
  public static final int CONTROL_POWEREVENT = 13;
  public static final int CONTROL_SESSIONCHANGE = 14;
  public static final int CONTROL_PRESHUTDOWN = 15;
  public static final int CONTROL_DEVICEEVENT = 11;

  // service type, start type, error control
  public static final int SERVICE_WIN32_OWN_PROCESS = 0x10;
  public static final int START_AUTO = 2;
  public static final int START_DEMAND = 3;
  public static final int START_DISABLED = 4;
  public static final int ERROR_CONTROL_NORMAL = 1;

  // Win32 error codes the backend reacts to
  public static final int NO_ERROR = 0;
  public static final int ERROR_ACCESS_DENIED = 5;
  public static final int ERROR_INVALID_NAME = 123;
  public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
  public static final int ERROR_INVALID_LEVEL = 124;
  public static final int ERROR_BROKEN_PIPE = 109;
  public static final int ERROR_NO_DATA = 232;
  public static final int ERROR_DEPENDENT_SERVICES_RUNNING = 1051;
  public static final int ERROR_INVALID_SERVICE_CONTROL = 1052;
  public static final int ERROR_SERVICE_REQUEST_TIMEOUT = 1053;
  public static final int ERROR_SERVICE_ALREADY_RUNNING = 1056;
  public static final int ERROR_INVALID_SERVICE_ACCOUNT = 1057;
  public static final int ERROR_SERVICE_DISABLED = 1058;
  public static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;
  public static final int ERROR_SERVICE_CANNOT_ACCEPT_CTRL = 1061;
  public static final int ERROR_SERVICE_NOT_ACTIVE = 1062;
  public static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
  public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;
  public static final int ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
  public static final int ERROR_SERVICE_EXISTS = 1073;
  public static final int ERROR_DUPLICATE_SERVICE_NAME = 1078;
  public static final int ERROR_SERVICE_LOGON_FAILED = 1069;

  /** The control pipe to the service process is gone: the process died without reporting it. */
  public static boolean isDeadProcess(int error) {
    return error == ERROR_BROKEN_PIPE || error == ERROR_NO_DATA;
  }

  /** The SCM's name for a dwCurrentState value. */
  public static String stateName(int state) {
    return switch (state) {
      case STOPPED -> "STOPPED";
      case START_PENDING -> "START_PENDING";
      case STOP_PENDING -> "STOP_PENDING";
      case RUNNING -> "RUNNING";
      case CONTINUE_PENDING -> "CONTINUE_PENDING";
      case PAUSE_PENDING -> "PAUSE_PENDING";
      case PAUSED -> "PAUSED";
      default -> "UNKNOWN(" + state + ")";
    };
  }
}
