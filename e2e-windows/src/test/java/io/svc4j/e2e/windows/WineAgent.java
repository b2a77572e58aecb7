package io.svc4j.e2e.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinReg;
import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ManagerProvider;
import io.svc4j.manager.RestartPolicy;
import io.svc4j.manager.Scope;
import io.svc4j.manager.ServiceDefinition;
import io.svc4j.manager.ServiceStatus;
import io.svc4j.manager.ServiceUpdate;
import io.svc4j.runtime.HostEnvironment;
import io.svc4j.windows.eventlog.EventSources;
import io.svc4j.windows.manager.PasswordSource;
import io.svc4j.windows.manager.RawStatus;
import io.svc4j.windows.manager.Readback;
import io.svc4j.windows.manager.RecoveryActions;
import io.svc4j.windows.manager.ScmConfig;
import io.svc4j.windows.manager.ScmManager;
import io.svc4j.windows.manager.ServiceAccount;
import io.svc4j.windows.manager.SidType;
import io.svc4j.windows.manager.StartType;
import io.svc4j.windows.manager.WindowsOptions;
import io.svc4j.windows.manager.WindowsUpdate;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs inside Wine's Windows JVM and drives the real {@link ScmManager} for the Linux-side tests:
 * one tab-separated command per stdin line, one answer per stdout line ({@code OK\t...} or {@code
 * ERR\tmessage}). Being a long-lived ordinary Wine process, it also keeps Wine's services.exe (and
 * with it the services under test) alive for the whole session.
 */
public final class WineAgent {

  private final ScmManager manager;
  private final String java;
  private final String classPath;
  private final String security;
  private final String logbackConfig;

  private WineAgent(ScmManager manager, String logbackConfig) {
    this.manager = manager;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java.exe").toString();
    this.classPath = System.getProperty("java.class.path");
    this.security = System.getProperty("java.security.properties");
    this.logbackConfig = logbackConfig;
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    var manager = (ScmManager) ManagerProvider.forHost(HostEnvironment.current(), Scope.SYSTEM);
    WineAgent agent = new WineAgent(manager, args[0]);
    // Byte by byte from the raw handle: under Wine, available() on a piped stdin fails, and both
    // BufferedInputStream and InputStreamReader call it.
    InputStream in = new FileInputStream(FileDescriptor.in);
    out.println("OK\tready " + manager.name());
    String line;
    while ((line = readLine(in)) != null) {
      List<String> words = Arrays.asList(line.split("\t", -1));
      if (words.get(0).equals("quit")) {
        out.println("OK\tbye");
        return;
      }
      try {
        out.println("OK\t" + agent.run(words));
      } catch (ManagerException e) {
        out.println("ERR\t" + e.getMessage().replace('\n', ' '));
      } catch (RuntimeException e) {
        out.println("ERR\tunexpected " + e.toString().replace('\n', ' '));
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
  }

  private String run(List<String> w) {
    Duration timeout =
        w.size() == 3 && w.get(2).matches("\\d+")
            ? Duration.ofSeconds(Long.parseLong(w.get(2)))
            : Duration.ZERO;
    return switch (w.get(0)) {
      case "install" -> {
        manager.install(definition(w, WindowsOptions.DEFAULTS), false);
        yield "installed";
      }
      case "install-command" -> {
        // install-command NAME PROGRAM [ARGS...]: any program, e.g. the example HTTP daemon.
        manager.install(
            ServiceDefinition.builder(w.get(1))
                .description("svc4j end-to-end test of " + w.get(1))
                .command(w.subList(2, w.size()))
                .platformOptions(WindowsOptions.DEFAULTS.withStartType(StartType.MANUAL))
                .build(),
            false);
        yield "installed";
      }
      case "install-account" -> {
        // install-account NAME DIR MODE START_MS DISPLAY_NAME ACCOUNT PASSWORD_FILE|-
        manager.install(
            definition(
                w.subList(0, 6),
                WindowsOptions.DEFAULTS.withAccount(
                    ServiceAccount.parse(
                        w.get(6),
                        w.get(7).equals("-")
                            ? null
                            : new PasswordSource.FromFile(Path.of(w.get(7))))),
                Duration.ofSeconds(90)),
            false);
        yield "installed";
      }
      case "control-raw" -> controlRaw(w.get(1), Integer.parseInt(w.get(2)));
      case "logon-right-grant" -> {
        String key = ScmConfig.serviceKey(w.get(1));
        yield Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)
                && Advapi32Util.registryValueExists(
                    WinReg.HKEY_LOCAL_MACHINE, key, "Svc4jGrantedLogonRight")
            ? Advapi32Util.registryGetStringValue(
                WinReg.HKEY_LOCAL_MACHINE, key, "Svc4jGrantedLogonRight")
            : "none";
      }
      case "install-start-timeout" -> {
        // install-start-timeout NAME DIR MODE START_MS DISPLAY_NAME SECONDS
        manager.install(
            definition(
                w.subList(0, 6),
                WindowsOptions.DEFAULTS,
                Duration.ofSeconds(Long.parseLong(w.get(6)))),
            false);
        yield "installed";
      }
      case "install-force" -> {
        manager.install(definition(w, WindowsOptions.DEFAULTS), true);
        yield "updated";
      }
      case "install-depends" -> {
        // install-depends NAME DIR MODE START_MS DISPLAY_NAME DEPENDENCY
        manager.install(
            definition(
                w.subList(0, 6), WindowsOptions.DEFAULTS.withDependencies(List.of(w.get(6)))),
            false);
        yield "installed";
      }
      case "update-description-start-type" ->
          // update-description-start-type NAME DESCRIPTION START_TYPE
          status(
              manager.update(
                  w.get(1),
                  ServiceUpdate.none()
                      .withDescription(w.get(2))
                      .withPlatformOptions(
                          WindowsUpdate.NONE.withStartType(StartType.parse(w.get(3))))));
      case "update-preshutdown" ->
          // update-preshutdown NAME SECONDS
          status(
              manager.update(
                  w.get(1),
                  ServiceUpdate.none()
                      .withPlatformOptions(
                          WindowsUpdate.NONE.withPreshutdownTimeout(
                              Duration.ofSeconds(Long.parseLong(w.get(2)))))));
      case "install-sid-unrestricted" -> {
        manager.install(
            definition(w, WindowsOptions.DEFAULTS.withSidType(SidType.UNRESTRICTED)), false);
        yield "installed";
      }
      case "install-delayed" -> {
        manager.install(
            definition(w, WindowsOptions.DEFAULTS.withStartType(StartType.DELAYED_AUTO)), false);
        yield "installed";
      }
      case "plan" ->
          manager.plan(definition(w, WindowsOptions.DEFAULTS)).stream()
              .map(a -> a.location() + ": " + a.content().replace("\r", "").replace("\n", " | "))
              .collect(Collectors.joining(" || "));
      case "start" -> status(manager.start(w.get(1), timeout));
      case "stop" -> status(manager.stop(w.get(1), timeout));
      case "restart" -> status(manager.restart(w.get(1), timeout));
      case "pause" -> status(manager.pause(w.get(1), timeout));
      case "resume" -> status(manager.resume(w.get(1), timeout));
      case "status" -> status(manager.status(w.get(1)));
      case "reload" -> status(manager.reload(w.get(1), timeout));
      case "raw" -> manager.rawStatus(w.get(1)).map(WineAgent::raw).orElse("absent");
      case "uninstall" -> {
        manager.uninstall(w.get(1), timeout);
        yield "uninstalled";
      }
      case "list" ->
          manager.list().stream().map(ServiceStatus::name).collect(Collectors.joining(","));
      case "readback" -> readback(manager.readConfig(w.get(1)));
      case "depend-on-service" -> dependOnService(w.get(1));
      case "eventlog-count" -> Integer.toString(eventLogEntries(w.get(1)));
      case "eventsource" ->
          "exists="
              + EventSources.exists(w.get(1))
              + "\tfile="
              + EventSources.messageFile(w.get(1));
      case "alive" ->
          Boolean.toString(
              ProcessHandle.of(Long.parseLong(w.get(1))).map(ProcessHandle::isAlive).orElse(false));
      case "terminate" -> // TerminateProcess, as Task Manager's "End task" or taskkill /F do
          Boolean.toString(
              ProcessHandle.of(Long.parseLong(w.get(1)))
                  .map(ProcessHandle::destroyForcibly)
                  .orElse(false));
      case "protect-file" -> FileAcls.protect(w.get(1));
      case "file-acl" -> FileAcls.describe(w.get(1));
      default -> throw new ManagerException("unknown agent command " + w.get(0));
    };
  }

  /**
   * ControlService with any code, opened with all access: to find out which controls Wine's SCM
   * passes on (SESSIONCHANGE, POWEREVENT and DEVICEEVENT come from the system, not from callers).
   */
  private static String controlRaw(String name, int control) {
    var a = com.sun.jna.platform.win32.Advapi32.INSTANCE;
    var manager = a.OpenSCManager(null, null, com.sun.jna.platform.win32.Winsvc.SC_MANAGER_CONNECT);
    var service =
        a.OpenService(manager, name, com.sun.jna.platform.win32.Winsvc.SERVICE_ALL_ACCESS);
    try {
      boolean ok =
          a.ControlService(
              service, control, new com.sun.jna.platform.win32.Winsvc.SERVICE_STATUS());
      return ok ? "ok" : "error " + com.sun.jna.platform.win32.Kernel32.INSTANCE.GetLastError();
    } finally {
      a.CloseServiceHandle(service);
      a.CloseServiceHandle(manager);
    }
  }

  /** install|plan NAME DIR MODE START_MS DISPLAY_NAME [ARGS...] */
  private ServiceDefinition definition(List<String> w, WindowsOptions base) {
    return definition(w, base, Duration.ofSeconds(90));
  }

  private ServiceDefinition definition(List<String> w, WindowsOptions base, Duration startTimeout) {
    String name = w.get(1);
    String dir = w.get(2);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-XX:-PrintWarnings",
            "-Djava.security.properties=" + security,
            "-Dlogback.configurationFile=" + logbackConfig,
            "-Dsvc4j.e2e.dir=" + dir,
            "-Dsvc4j.e2e.name=" + name,
            "-cp",
            classPath,
            TestService.class.getName(),
            name,
            dir,
            w.get(3),
            w.get(4)));
    command.addAll(w.subList(6, w.size()));
    RecoveryActions recovery =
        new RecoveryActions(
            List.of(
                new RecoveryActions.Action(RecoveryActions.Kind.RESTART, Duration.ofSeconds(1)),
                new RecoveryActions.Action(RecoveryActions.Kind.RESTART, Duration.ofSeconds(2)),
                new RecoveryActions.Action(RecoveryActions.Kind.NONE, Duration.ZERO)),
            Duration.ofHours(1),
            true);
    return ServiceDefinition.builder(name)
        .displayName(w.get(5))
        .description("svc4j end-to-end test service " + name)
        .command(command)
        .startTimeout(startTimeout)
        .restart(RestartPolicy.DEFAULT)
        .platformOptions(
            (base.startType() == StartType.AUTO ? base.withStartType(StartType.MANUAL) : base)
                .withRecovery(recovery)
                .withPreshutdownTimeout(Duration.ofSeconds(20)))
        .build();
  }

  /** What the SCM stores, for where QueryServiceConfig does not report it (Wine). */
  private static String dependOnService(String name) {
    String key = ScmConfig.serviceKey(name);
    try {
      return String.join(
          ",",
          Advapi32Util.registryGetStringArray(WinReg.HKEY_LOCAL_MACHINE, key, "DependOnService"));
    } catch (com.sun.jna.platform.win32.Win32Exception e) {
      if (com.sun.jna.platform.win32.W32Errors.HRESULT_CODE(e.getHR().intValue()) == 2) {
        // ERROR_FILE_NOT_FOUND: no such value
        return "absent";
      }
      throw e;
    }
  }

  /** Entries of one source in the Application log, -1 if the log cannot be read. */
  private static int eventLogEntries(String source) {
    try {
      int count = 0;
      var entries =
          new Advapi32Util.EventLogIterator(null, "Application", WinNT.EVENTLOG_FORWARDS_READ);
      try {
        while (entries.hasNext()) {
          if (source.equals(entries.next().getSource())) {
            count++;
          }
        }
      } finally {
        entries.close();
      }
      return count;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static String status(ServiceStatus s) {
    return "state="
        + s.state()
        + "\tnative="
        + s.nativeState()
        + "\tpid="
        + (s.mainPid().isPresent() ? s.mainPid().getAsLong() : "")
        + "\texit="
        + (s.exitCode().isPresent() ? s.exitCode().getAsInt() : "")
        + "\tresult="
        + s.result();
  }

  private static String raw(RawStatus r) {
    return "state="
        + r.state()
        + "\tcontrols="
        + r.controlsAccepted()
        + "\twin32="
        + r.win32ExitCode()
        + "\tspecific="
        + r.serviceSpecificExitCode()
        + "\tcheckpoint="
        + r.checkPoint()
        + "\twaithint="
        + r.waitHint()
        + "\tpid="
        + r.processId();
  }

  private static String readback(Readback r) {
    return "binpath="
        + r.binaryPath()
        + "\tstarttype="
        + r.startType()
        + "\taccount="
        + r.account()
        + "\tdisplay="
        + r.displayName()
        + "\tdependencies="
        + String.join(",", r.dependencies())
        + "\tdescription="
        + r.description().orElse("<unsupported>")
        + "\tdelayed="
        + r.delayedAutoStart().map(String::valueOf).orElse("<unsupported>")
        + "\trecovery="
        + r.recovery().map(RecoveryActions::describe).orElse("<unsupported>")
        + "\tpreshutdown="
        + r.preshutdownTimeoutMillis().map(String::valueOf).orElse("<unsupported>")
        + "\tsid="
        + r.sidType().map(String::valueOf).orElse("<unsupported>")
        + "\tunsupported="
        + String.join("; ", r.unsupported());
  }
}
