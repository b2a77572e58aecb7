package io.svc4j.manager;

/** How the service manager learns that the service is up. */
public enum ReadinessProtocol {
  /** The process reports readiness itself (sd_notify READY=1, SCM RUNNING). systemd Type=notify. */
  NOTIFY,
  /** Up as soon as the program was executed. systemd Type=exec. */
  EXEC
}
