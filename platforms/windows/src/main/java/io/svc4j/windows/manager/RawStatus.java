package io.svc4j.windows.manager;

/** SERVICE_STATUS_PROCESS as plain values. */
public record RawStatus(
    int state,
    int controlsAccepted,
    int win32ExitCode,
    int serviceSpecificExitCode,
    int checkPoint,
    int waitHint,
    int processId) {}
