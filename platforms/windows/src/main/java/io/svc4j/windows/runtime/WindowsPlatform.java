package io.svc4j.windows.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.DBT;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import io.svc4j.runtime.ConsolePlatform;
import io.svc4j.runtime.ExitCodes;
import io.svc4j.runtime.Outcome;
import io.svc4j.runtime.Platform;
import io.svc4j.runtime.ServiceController;
import io.svc4j.service.SystemEvents;
import io.svc4j.windows.Scm;
import io.svc4j.windows.runtime.StatusSink.ScmReport;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service under the Windows Service Control Manager. Whether the SCM started this process is
 * decided by StartServiceCtrlDispatcher itself: it fails with
 * ERROR_FAILED_SERVICE_CONTROLLER_CONNECT in a console, and then the service runs as a console
 * program. (Session-0 or "interactive" checks guess wrong in containers and over SSH.)
 */
public final class WindowsPlatform implements Platform {

  private static final Logger log = LoggerFactory.getLogger(WindowsPlatform.class);

  /** The WaitHint of START_PENDING until the service asks for more. */
  public static final Duration DEFAULT_WAIT_HINT = Duration.ofSeconds(10);

  /**
   * How long start() may take when the command line does not say (the same default as {@code
   * --start-timeout} and systemd's TimeoutStartSec in svc4j's units).
   */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

  /** How often a pending state is re-reported with the next CheckPoint. */
  static final Duration HEARTBEAT = Duration.ofSeconds(1);

  private final boolean preshutdown;
  private final Duration startTimeout;

  // JNA callbacks must stay reachable for as long as native code may call them.
  private Winsvc.SERVICE_MAIN_FUNCTION serviceMain;
  private Winsvc.HandlerEx handler;
  private volatile int exitCode = ExitCodes.RUNTIME_FAILED;

  /**
   * @param preshutdown accept PRESHUTDOWN (the service was installed with a preshutdown timeout)
   */
  public WindowsPlatform(boolean preshutdown) {
    this(preshutdown, DEFAULT_START_TIMEOUT);
  }

  /**
   * @param startTimeout how long start() may take before the service is stopped and reported failed
   *     ({@link ExitCodes#START_TIMED_OUT}); zero: no limit
   */
  public WindowsPlatform(boolean preshutdown, Duration startTimeout) {
    this.preshutdown = preshutdown;
    this.startTimeout = startTimeout;
  }

  @Override
  public String name() {
    return "windows-scm";
  }

  @Override
  public int run(ServiceController controller) throws Exception {
    serviceMain = (argc, argv) -> serviceMain(controller, argc, argv);
    Winsvc.SERVICE_TABLE_ENTRY[] table =
        (Winsvc.SERVICE_TABLE_ENTRY[]) new Winsvc.SERVICE_TABLE_ENTRY().toArray(2);
    table[0].lpServiceName = controller.options().name();
    table[0].lpServiceProc = serviceMain;
    // Blocks until the service has reported STOPPED; ServiceMain runs on the dispatcher's thread.
    if (!Advapi32.INSTANCE.StartServiceCtrlDispatcher(table)) {
      int error = Kernel32.INSTANCE.GetLastError();
      if (error == Scm.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
        log.debug(
            "Not started by the SCM: running {} as a console program", controller.options().name());
        return new ConsolePlatform().run(controller);
      }
      throw new IllegalStateException(
          "StartServiceCtrlDispatcher failed with Windows error " + error);
    }
    return exitCode;
  }

  private void serviceMain(ServiceController controller, int argc, Pointer argv) {
    String name = controller.options().name();
    if (argc > 0 && argv != null) {
      name = argv.getPointer(0).getWideString(0); // the name the SCM knows the service by
    }
    ExecutorService controls =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("svc4j-scm-control").factory());
    ScheduledExecutorService heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("svc4j-scm-heartbeat").factory());
    Winsvc.SERVICE_STATUS_HANDLE[] statusHandle = new Winsvc.SERVICE_STATUS_HANDLE[1];
    ScmSession session =
        new ScmSession(
            controller,
            report -> setStatus(statusHandle[0], report),
            controls,
            preshutdown,
            DEFAULT_WAIT_HINT,
            startTimeout,
            System::nanoTime);
    handler =
        (control, eventType, eventData, context) ->
            switch (control) {
              case Scm.CONTROL_SESSIONCHANGE, Scm.CONTROL_POWEREVENT, Scm.CONTROL_DEVICEEVENT ->
                  session.systemEvent(
                      control,
                      () ->
                          SystemEventDecoder.decode(
                              control, eventType, eventData, WindowsPlatform::powerStatus));
              default -> session.handle(control);
            };
    statusHandle[0] = Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(name, handler, null);
    if (statusHandle[0] == null) {
      log.error(
          "RegisterServiceCtrlHandlerEx({}) failed with Windows error {}",
          name,
          Kernel32.INSTANCE.GetLastError());
      return;
    }
    controller
        .capability(SystemEvents.class)
        .ifPresent(events -> subscribe(statusHandle[0].getPointer(), events));
    try {
      session.begin();
      heartbeats.scheduleAtFixedRate(
          session::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
      Outcome outcome = controller.awaitTermination();
      exitCode = outcome.exitCode();
      heartbeats.shutdownNow();
      session.finish(outcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.finish(
          new Outcome(io.svc4j.service.ServiceState.FAILED, ExitCodes.RUNTIME_FAILED, e));
    } catch (RuntimeException e) {
      log.error("Service {} failed under the SCM: {}", name, e.toString(), e);
      session.finish(
          new Outcome(io.svc4j.service.ServiceState.FAILED, ExitCodes.RUNTIME_FAILED, e));
    } finally {
      heartbeats.shutdownNow();
      controls.shutdown();
    }
  }

  /**
   * Power settings and device events reach a service only once it asked for them (session changes
   * and power events come with the accepted controls). A failure costs only those events.
   */
  private static void subscribe(Pointer statusHandle, SystemEvents events) {
    for (UUID setting : events.powerSettings()) {
      Memory guid = guid(setting);
      if (PowerApi.User32Power.INSTANCE.RegisterPowerSettingNotification(
              statusHandle, guid, PowerApi.DEVICE_NOTIFY_SERVICE_HANDLE)
          == null) {
        log.warn(
            "RegisterPowerSettingNotification({}) failed with Windows error {}: the service will"
                + " not hear of that setting",
            setting,
            Kernel32.INSTANCE.GetLastError());
      }
    }
    if (events.deviceEvents()) {
      DBT.DEV_BROADCAST_DEVICEINTERFACE filter = new DBT.DEV_BROADCAST_DEVICEINTERFACE();
      filter.dbcc_devicetype = DBT.DBT_DEVTYP_DEVICEINTERFACE;
      filter.write();
      if (User32.INSTANCE.RegisterDeviceNotification(
              new WinNT.HANDLE(statusHandle),
              filter,
              PowerApi.DEVICE_NOTIFY_SERVICE_HANDLE | PowerApi.DEVICE_NOTIFY_ALL_INTERFACE_CLASSES)
          == null) {
        log.warn(
            "RegisterDeviceNotification failed with Windows error {}: the service will not hear"
                + " of devices",
            Kernel32.INSTANCE.GetLastError());
      }
    }
  }

  /** A GUID in memory, as the Win32 API takes it. */
  static Memory guid(UUID id) {
    Memory m = new Memory(16);
    long high = id.getMostSignificantBits();
    m.setInt(0, (int) (high >>> 32));
    m.setShort(4, (short) (high >>> 16));
    m.setShort(6, (short) high);
    long low = id.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      m.setByte(8 + i, (byte) (low >>> (56 - 8 * i)));
    }
    return m;
  }

  /** SYSTEM_POWER_STATUS now; null when GetSystemPowerStatus fails. */
  private static Pointer powerStatus() {
    Memory status = new Memory(PowerApi.SYSTEM_POWER_STATUS_SIZE);
    return PowerApi.Kernel32Power.INSTANCE.GetSystemPowerStatus(status) ? status : null;
  }

  private static void setStatus(Winsvc.SERVICE_STATUS_HANDLE handle, ScmReport report) {
    Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
    status.dwServiceType = Scm.SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = report.state();
    status.dwControlsAccepted = report.controlsAccepted();
    status.dwWin32ExitCode = report.win32ExitCode();
    status.dwServiceSpecificExitCode = report.serviceSpecificExitCode();
    status.dwCheckPoint = report.checkPoint();
    status.dwWaitHint = report.waitHintMillis();
    if (!Advapi32.INSTANCE.SetServiceStatus(handle, status)) {
      log.warn(
          "SetServiceStatus({}) failed with Windows error {}",
          Scm.stateName(report.state()),
          Kernel32.INSTANCE.GetLastError());
    }
  }
}
