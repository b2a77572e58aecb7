package io.svc4j.systemd.runtime;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.runtime.Platform;
import io.svc4j.runtime.ServiceController;
import io.svc4j.runtime.SignalControls;
import io.svc4j.systemd.notify.SdNotify;
import io.svc4j.systemd.notify.Watchdog;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service under systemd: signals as on a console (SIGTERM stops, SIGHUP reloads), every
 * lifecycle change reported through sd_notify, and watchdog pings while the service is alive.
 */
public final class SystemdPlatform implements Platform {

  private static final Logger log = LoggerFactory.getLogger(SystemdPlatform.class);

  private final HostEnvironment environment;
  private final long pid;

  /** A platform that notifies the manager described by {@code environment}. */
  public SystemdPlatform(HostEnvironment environment) {
    this.environment = environment;
    this.pid = ProcessHandle.current().pid();
  }

  @Override
  public String name() {
    return "systemd";
  }

  @Override
  public int run(ServiceController controller) throws InterruptedException {
    SdNotify notify = new SdNotify(environment);
    if (!notify.isEnabled()) {
      log.debug("No NOTIFY_SOCKET: systemd is not told about readiness (fine for Type=exec)");
    }
    SignalControls.install(controller);
    controller.addListener(new NotifyingListener(notify, controller));
    Optional<Duration> period =
        notify.isEnabled() ? Watchdog.period(environment, pid) : Optional.empty();
    Watchdog watchdog =
        period.map(p -> Watchdog.start(notify, controller::probeAlive, p)).orElse(null);
    if (watchdog != null) {
      log.debug("Watchdog: pinging systemd every {} ms while alive", watchdog.period().toMillis());
    }
    try {
      controller.start();
      return controller.awaitTermination().exitCode();
    } finally {
      if (watchdog != null) {
        watchdog.close();
      }
    }
  }
}
