package io.svc4j.systemd.runtime;

import io.svc4j.runtime.LifecycleListener;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.ServiceState;
import io.svc4j.systemd.notify.SdNotify;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Tells systemd what the controller reports, following the table in {@link ServiceState}: the one
 * place where our states meet systemd's.
 */
final class NotifyingListener implements LifecycleListener {

  private final SdNotify notify;
  private final ServiceController controller;

  NotifyingListener(SdNotify notify, ServiceController controller) {
    this.notify = notify;
    this.controller = controller;
  }

  @Override
  public void stateChanged(ServiceState from, ServiceState to, Throwable cause) {
    switch (to) {
      case STARTING, STOPPED -> {} // activating / the process exit says it all
      case RUNNING -> notify.send(running(from));
      case PAUSING -> notify.status("pausing");
      case PAUSED -> notify.status("paused");
      case RESUMING -> notify.status("resuming");
      case RELOADING -> notify.reloading();
      case STOPPING -> notify.stopping();
      case FAILED -> notify.send(failed(cause));
    }
  }

  /**
   * READY=1 ends startup and also a reload. After a pause the status line still says "resuming", so
   * the service's own last status comes back with it.
   */
  private String running(ServiceState from) {
    if (from == ServiceState.PAUSING || from == ServiceState.RESUMING) {
      String own = controller.statusText();
      return "READY=1\n" + SdNotify.statusLine(own.isEmpty() ? "running" : own);
    }
    return "READY=1";
  }

  private static String failed(Throwable cause) {
    String why = cause == null ? "unknown cause" : describe(cause);
    String status = SdNotify.statusLine("failed: " + why);
    OptionalInt errno = cause == null ? OptionalInt.empty() : Errnos.of(cause);
    return errno.isPresent() ? status + "\nERRNO=" + errno.getAsInt() : status;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public void statusChanged(String text) {
    notify.status(text);
  }

  @Override
  public void timeoutExtended(Duration extra) {
    notify.extendTimeout(extra);
  }
}
