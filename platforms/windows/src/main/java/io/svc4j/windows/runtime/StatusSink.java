package io.svc4j.windows.runtime;

/** SetServiceStatus, as a seam so that the session logic is tested without the SCM. */
@FunctionalInterface
public interface StatusSink {

  /** Reports a SERVICE_STATUS; the service type is always SERVICE_WIN32_OWN_PROCESS. */
  void report(ScmReport status);

  /** One SERVICE_STATUS as plain values. */
  record ScmReport(
      int state,
      int controlsAccepted,
      int win32ExitCode,
      int serviceSpecificExitCode,
      int checkPoint,
      int waitHintMillis) {}
}
