package io.svc4j.service;

/**
 * A program that runs as a background service. The host calls {@link #start} once and, when a stop
 * is requested (signal, systemd, SCM, CLI), {@link #stop} once. Implement {@link Pausable} and/or
 * {@link Reloadable} to accept those controls too.
 *
 * <p>Readiness: the host reports the service ready (systemd {@code READY=1}, SCM {@code RUNNING})
 * when {@code start} returns normally. A start that takes long should call {@link
 * ServiceContext#extendTimeout} so that the manager does not give up on it.
 *
 * <p>Cancellation: if a stop arrives while {@code start} is still running, the start thread is
 * interrupted; {@code stop} is called once {@code start} has returned or thrown. Both are bounded
 * by the stop deadline.
 */
public interface Service {

  /** Brings the service up and returns once it is ready to serve. Throwing fails the service. */
  void start(ServiceContext context) throws Exception;

  /**
   * Stops the service gracefully: stop accepting new work, drain in-flight work, release resources.
   * Must return before {@link ServiceContext#stopDeadline()} elapses, or the host exits with an
   * error.
   */
  void stop(ServiceContext context) throws Exception;

  /**
   * Liveness, asked periodically by the host while the service runs (it feeds the systemd watchdog,
   * and later the supervisor's hang detection). Return false, or block, when the service is stuck:
   * the host then stops sending keep-alives and the service manager restarts the process.
   */
  default boolean isAlive() {
    return true;
  }
}
