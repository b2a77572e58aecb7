package io.svc4j.windows.runtime;

/**
 * Implement this in a {@link io.svc4j.service.Service} to receive the SCM's session and power
 * events; the service then accepts SERVICE_CONTROL_SESSIONCHANGE and SERVICE_CONTROL_POWEREVENT.
 * Both are called on an svc4j thread, never on the SCM's control handler, one at a time.
 */
public interface WindowsSystemEvents {

  /**
   * A session changed: {@code eventType} is a WTS_* code (1 console connect, 5 logon, 6 logoff, 7
   * lock, 8 unlock, ...), {@code sessionId} the session it concerns.
   */
  default void sessionChanged(int eventType, int sessionId) {}

  /** A power event: {@code eventType} is a PBT_* code (4 suspend, 7 resume suspend, ...). */
  default void powerEvent(int eventType) {}
}
