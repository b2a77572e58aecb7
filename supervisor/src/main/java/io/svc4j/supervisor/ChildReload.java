package io.svc4j.supervisor;

import io.svc4j.supervisor.config.ReadinessMode;
import io.svc4j.supervisor.config.ReloadSettings;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A reload of the supervised service, passed on to the child. The host around the supervisor sends
 * {@code RELOADING=1} before and {@code READY=1} after (systemd), so the reload ends only when the
 * child's has: for a child that speaks sd_notify (readiness mode notify) at its {@code READY=1}
 * after the signal, for any other child once the signal is delivered, for {@code restart: true}
 * once the new child is ready.
 */
final class ChildReload {

  private ChildReload() {}

  /**
   * Why a reload did not reach the child: an expected outcome, so the host logs it as one line (the
   * trace only with --verbose) and keeps running.
   */
  static final class ReloadException extends io.svc4j.service.ServiceOutcomeException {
    ReloadException(String message) {
      super(message);
    }
  }

  static void perform(Supervisor supervisor, ReloadSettings settings) throws Exception {
    String name = supervisor.config().name();
    Duration timeout = settings.timeout();
    if (settings.restart()) {
      long deadline = System.nanoTime() + timeout.toNanos();
      supervisor.restartChild().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      try {
        if (!supervisor.awaitReady(left)) {
          throw new ReloadException(
              name + ": reload: the restarted child ended: " + supervisor.status().reason());
        }
      } catch (TimeoutException e) {
        throw new ReloadException(
            name
                + ": reload: the restarted child is not ready within "
                + timeout.toMillis()
                + " ms");
      }
      return;
    }
    boolean notify = supervisor.config().readiness().mode() == ReadinessMode.NOTIFY;
    try {
      supervisor
          .signalForReload(settings.signalNumber(), notify)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ReloadException(name + ": reload: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new ReloadException(
          name
              + ": reload: the child did not report READY=1 within "
              + timeout.toMillis()
              + " ms after SIG"
              + settings.signal());
    }
  }
}
