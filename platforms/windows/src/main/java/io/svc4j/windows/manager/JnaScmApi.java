package io.svc4j.windows.manager;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import io.svc4j.windows.Scm;
import io.svc4j.windows.eventlog.EventSources;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ScmApi} over Advapi32. Every operation opens the SCM and the service with only the access
 * rights it needs (so that status and list work without administrator rights) and closes them.
 */
final class JnaScmApi implements ScmApi {

  static final int SC_MANAGER_CONNECT = 0x0001;
  static final int SC_MANAGER_CREATE_SERVICE = 0x0002;
  static final int SC_MANAGER_ENUMERATE_SERVICE = 0x0004;
  static final int SERVICE_QUERY_CONFIG = 0x0001;
  static final int SERVICE_CHANGE_CONFIG = 0x0002;
  static final int SERVICE_QUERY_STATUS = 0x0004;
  static final int SERVICE_START = 0x0010;
  static final int SERVICE_STOP = 0x0020;
  static final int SERVICE_PAUSE_CONTINUE = 0x0040;
  static final int SERVICE_INTERROGATE = 0x0080;
  static final int DELETE = 0x10000;
  static final int SC_STATUS_PROCESS_INFO = 0;
  static final int SERVICE_WIN32 = 0x30;
  static final int SERVICE_STATE_ALL = 3;
  static final int ERROR_INSUFFICIENT_BUFFER = 122;
  static final int ERROR_INVALID_LEVEL = 124;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JnaScmApi.class);

  static final String MARKER = "Svc4j";

  /** The account svc4j granted SeServiceLogonRight to for this service (REG_SZ). */
  static final String LOGON_RIGHT_GRANT = "Svc4jGrantedLogonRight";

  static final String MARKER_TEXT = "installed by svc4j";

  private static final Advapi32 A = Advapi32.INSTANCE;
  private static final Advapi32Services S = Advapi32Services.INSTANCE;

  @Override
  public void create(ScmConfig config, char[] password) {
    withManager(
        SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE,
        manager -> {
          char[] secret = terminated(password);
          Winsvc.SC_HANDLE service;
          try {
            service =
                S.CreateServiceW(
                    manager,
                    config.name(),
                    config.displayName(),
                    SERVICE_QUERY_STATUS,
                    Scm.SERVICE_WIN32_OWN_PROCESS,
                    config.startType().scmStartType(),
                    Scm.ERROR_CONTROL_NORMAL,
                    config.binaryPath(),
                    null,
                    null,
                    multiString(config.dependencies()),
                    config.account().startName(config.name()),
                    secret);
          } finally {
            wipe(secret);
          }
          if (service == null) {
            throw failure("CreateService");
          }
          A.CloseServiceHandle(service);
          return null;
        });
  }

  @Override
  public void update(ScmConfig config, char[] password) {
    withService(
        config.name(),
        SERVICE_CHANGE_CONFIG,
        service -> {
          char[] secret = terminated(password);
          boolean changed;
          try {
            changed =
                S.ChangeServiceConfigW(
                    service,
                    Scm.SERVICE_WIN32_OWN_PROCESS,
                    config.startType().scmStartType(),
                    Scm.ERROR_CONTROL_NORMAL,
                    config.binaryPath(),
                    null,
                    null,
                    multiString(config.dependencies()),
                    config.account().startName(config.name()) == null
                        ? "LocalSystem"
                        : config.account().startName(config.name()),
                    secret,
                    config.displayName());
          } finally {
            wipe(secret);
          }
          if (!changed) {
            throw failure("ChangeServiceConfig");
          }
          return null;
        });
  }

  @Override
  public void change(ScmChange change, char[] password) {
    int access = SERVICE_CHANGE_CONFIG | (change.setsRestartActions() ? SERVICE_START : 0);
    withService(
        change.name(),
        access,
        service -> {
          if (change.changesConfig()) {
            char[] secret = terminated(password);
            boolean changed;
            try {
              changed =
                  S.ChangeServiceConfigW(
                      service,
                      ScmChange.NO_CHANGE,
                      change.startType(),
                      ScmChange.NO_CHANGE,
                      change.binaryPath(),
                      null,
                      null,
                      change.dependencies() == null
                          ? null
                          : change.dependencies().isEmpty()
                              ? new char[] {'\0', '\0'}
                              : multiString(change.dependencies()),
                      change.startName(),
                      secret,
                      change.displayName());
            } finally {
              wipe(secret);
            }
            if (!changed) {
              throw failure("ChangeServiceConfig");
            }
          }
          if (change.description().isPresent()) {
            Memory description = wide(change.description().get());
            change(
                service,
                Advapi32Services.SERVICE_CONFIG_DESCRIPTION,
                pointerTo(description),
                change.description().get().isEmpty(),
                false);
            Reference.reachabilityFence(description);
          }
          if (change.delayedAutoStart().isPresent()) {
            boolean delayed = change.delayedAutoStart().get();
            change(
                service,
                Advapi32Services.SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
                dword(delayed ? 1 : 0),
                !delayed,
                false);
          }
          if (change.recovery().isPresent()) {
            RecoveryActions recovery = change.recovery().get();
            FailureActionsLayout.Encoded actions = FailureActionsLayout.encode(recovery);
            change(
                service,
                Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS,
                actions.info(),
                recovery.actions().isEmpty(),
                false);
            Reference.reachabilityFence(actions);
            change(
                service,
                Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG,
                dword(recovery.onNonCrashFailures() ? 1 : 0),
                !recovery.onNonCrashFailures(),
                true);
          }
          if (change.preshutdownTimeout().isPresent()) {
            change(
                service,
                Advapi32Services.SERVICE_CONFIG_PRESHUTDOWN_INFO,
                dword((int) change.preshutdownTimeout().get().toMillis()),
                false,
                false);
          }
          if (change.sidType().isPresent()) {
            change(
                service,
                Advapi32Services.SERVICE_CONFIG_SERVICE_SID_INFO,
                dword(change.sidType().get().code()),
                change.sidType().get() == SidType.NONE,
                false);
          }
          return null;
        });
  }

  @Override
  public void configure(ScmConfig config) {
    // SERVICE_START is required to set failure actions that restart the service.
    withService(
        config.name(),
        SERVICE_CHANGE_CONFIG | SERVICE_START,
        service -> {
          Memory description = wide(config.description());
          change(
              service,
              Advapi32Services.SERVICE_CONFIG_DESCRIPTION,
              pointerTo(description),
              config.description().isEmpty(),
              false);
          Reference.reachabilityFence(description);
          change(
              service,
              Advapi32Services.SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
              dword(config.startType().delayed() ? 1 : 0),
              !config.startType().delayed(),
              false);
          FailureActionsLayout.Encoded actions = FailureActionsLayout.encode(config.recovery());
          change(
              service,
              Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS,
              actions.info(),
              config.recovery().actions().isEmpty(),
              false);
          Reference.reachabilityFence(actions);
          // Best effort: without it recovery still runs when the process dies, so an SCM that
          // lacks it (Wine) gets a warning rather than a failed install.
          change(
              service,
              Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG,
              dword(config.recovery().onNonCrashFailures() ? 1 : 0),
              !config.recovery().onNonCrashFailures(),
              true);
          if (config.preshutdownTimeout().isPresent()) {
            change(
                service,
                Advapi32Services.SERVICE_CONFIG_PRESHUTDOWN_INFO,
                dword((int) config.preshutdownTimeout().get().toMillis()),
                false,
                false);
          }
          change(
              service,
              Advapi32Services.SERVICE_CONFIG_SERVICE_SID_INFO,
              dword(config.sidType().code()),
              config.sidType() == SidType.NONE,
              false);
          return null;
        });
  }

  /**
   * ChangeServiceConfig2 for one setting. An SCM that does not know the setting (Wine answers
   * ERROR_INVALID_LEVEL for some) is fine when the value is the SCM's default anyway; otherwise the
   * install fails, except for best-effort settings, which get a warning.
   */
  private static void change(
      Winsvc.SC_HANDLE service, int level, Pointer info, boolean atDefault, boolean bestEffort) {
    if (S.ChangeServiceConfig2W(service, level, info)) {
      return;
    }
    int error = Kernel32.INSTANCE.GetLastError();
    if (error == ERROR_INVALID_LEVEL && atDefault) {
      return;
    }
    if (error == ERROR_INVALID_LEVEL && bestEffort) {
      log.warn(
          "This SCM does not support the {} setting (Windows error {}): it was not applied",
          levelName(level),
          error);
      return;
    }
    throw failure("ChangeServiceConfig2(" + levelName(level) + ")", error);
  }

  @Override
  public void delete(String name) {
    withService(
        name,
        DELETE,
        service -> {
          if (!A.DeleteService(service)) {
            int error = Kernel32.INSTANCE.GetLastError();
            if (error != Scm.ERROR_SERVICE_MARKED_FOR_DELETE) {
              throw failure("DeleteService", error);
            }
          }
          return null;
        });
  }

  @Override
  public Optional<RawStatus> query(String name) {
    try {
      return Optional.of(
          withService(
              name,
              SERVICE_QUERY_STATUS,
              service -> {
                Winsvc.SERVICE_STATUS_PROCESS status = new Winsvc.SERVICE_STATUS_PROCESS();
                IntByReference needed = new IntByReference();
                if (!A.QueryServiceStatusEx(
                    service, SC_STATUS_PROCESS_INFO, status, status.size(), needed)) {
                  throw failure("QueryServiceStatusEx");
                }
                return new RawStatus(
                    status.dwCurrentState,
                    status.dwControlsAccepted,
                    status.dwWin32ExitCode,
                    status.dwServiceSpecificExitCode,
                    status.dwCheckPoint,
                    status.dwWaitHint,
                    status.dwProcessId);
              }));
    } catch (Win32Failure e) {
      if (e.code() == Scm.ERROR_SERVICE_DOES_NOT_EXIST) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void start(String name) {
    withService(
        name,
        SERVICE_START,
        service -> {
          if (!A.StartService(service, 0, null)) {
            throw failure("StartService");
          }
          return null;
        });
  }

  @Override
  public void control(String name, int control) {
    int access =
        switch (control) {
          case Scm.CONTROL_STOP -> SERVICE_STOP;
          case Scm.CONTROL_PAUSE, Scm.CONTROL_CONTINUE, Scm.CONTROL_PARAMCHANGE ->
              SERVICE_PAUSE_CONTINUE;
          case Scm.CONTROL_INTERROGATE -> SERVICE_INTERROGATE;
          default -> throw new IllegalArgumentException("control " + control);
        };
    withService(
        name,
        access,
        service -> {
          Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
          if (!A.ControlService(service, control, status)) {
            throw failure("ControlService(" + control + ")");
          }
          return null;
        });
  }

  @Override
  public Optional<Readback> readConfig(String name) {
    try {
      return Optional.of(withService(name, SERVICE_QUERY_CONFIG, JnaScmApi::readConfig));
    } catch (Win32Failure e) {
      if (e.code() == Scm.ERROR_SERVICE_DOES_NOT_EXIST) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Readback readConfig(Winsvc.SC_HANDLE service) {
    IntByReference needed = new IntByReference();
    S.QueryServiceConfigW(service, null, 0, needed);
    Memory buffer = new Memory(Math.max(needed.getValue(), 64));
    if (!S.QueryServiceConfigW(service, buffer, (int) buffer.size(), needed)) {
      throw failure("QueryServiceConfig");
    }
    Advapi32Services.QueryServiceConfig config = new Advapi32Services.QueryServiceConfig(buffer);
    List<String> unsupported = new ArrayList<>();
    Optional<String> description =
        config2(service, Advapi32Services.SERVICE_CONFIG_DESCRIPTION, unsupported)
            .map(p -> string(p.getPointer(0)));
    Optional<Boolean> delayed =
        config2(service, Advapi32Services.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, unsupported)
            .map(p -> p.getInt(0) != 0);
    Optional<Boolean> nonCrash =
        config2(service, Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, unsupported)
            .map(p -> p.getInt(0) != 0);
    Optional<RecoveryActions> recovery =
        config2(service, Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS, unsupported)
            .map(p -> FailureActionsLayout.decode(p, nonCrash.orElse(false)));
    Optional<Integer> preshutdown =
        config2(service, Advapi32Services.SERVICE_CONFIG_PRESHUTDOWN_INFO, unsupported)
            .map(p -> p.getInt(0));
    Optional<Integer> sid =
        config2(service, Advapi32Services.SERVICE_CONFIG_SERVICE_SID_INFO, unsupported)
            .map(p -> p.getInt(0));
    return new Readback(
        string(config.lpBinaryPathName),
        config.dwStartType,
        string(config.lpServiceStartName),
        string(config.lpDisplayName),
        multiString(config.lpDependencies),
        description,
        delayed,
        recovery,
        preshutdown,
        sid,
        unsupported);
  }

  /** QueryServiceConfig2; a level the SCM does not implement is noted in {@code unsupported}. */
  private static Optional<Pointer> config2(
      Winsvc.SC_HANDLE service, int level, List<String> unsupported) {
    IntByReference needed = new IntByReference();
    if (!A.QueryServiceConfig2(service, level, null, 0, needed)) {
      int error = Kernel32.INSTANCE.GetLastError();
      if (error != ERROR_INSUFFICIENT_BUFFER) {
        unsupported.add(levelName(level) + " (Windows error " + error + ")");
        return Optional.empty();
      }
    }
    Memory buffer = new Memory(Math.max(needed.getValue(), 64));
    buffer.clear();
    if (!A.QueryServiceConfig2(service, level, buffer, (int) buffer.size(), needed)) {
      unsupported.add(
          levelName(level) + " (Windows error " + Kernel32.INSTANCE.GetLastError() + ")");
      return Optional.empty();
    }
    return Optional.of(buffer);
  }

  static String levelName(int level) {
    return switch (level) {
      case Advapi32Services.SERVICE_CONFIG_DESCRIPTION -> "description";
      case Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS -> "failure actions";
      case Advapi32Services.SERVICE_CONFIG_DELAYED_AUTO_START_INFO -> "delayed auto-start";
      case Advapi32Services.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG -> "failure actions flag";
      case Advapi32Services.SERVICE_CONFIG_SERVICE_SID_INFO -> "service SID type";
      case Advapi32Services.SERVICE_CONFIG_PRESHUTDOWN_INFO -> "preshutdown timeout";
      default -> "config level " + level;
    };
  }

  @Override
  public List<String> services() {
    return withManager(
        SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE,
        manager -> {
          IntByReference needed = new IntByReference();
          IntByReference returned = new IntByReference();
          IntByReference resume = new IntByReference(0);
          List<String> names = new ArrayList<>();
          while (true) {
            A.EnumServicesStatusEx(
                manager,
                0,
                SERVICE_WIN32,
                SERVICE_STATE_ALL,
                null,
                0,
                needed,
                returned,
                resume,
                null);
            int size = Math.max(needed.getValue(), 1024);
            Memory buffer = new Memory(size);
            boolean done =
                A.EnumServicesStatusEx(
                    manager,
                    0,
                    SERVICE_WIN32,
                    SERVICE_STATE_ALL,
                    buffer,
                    size,
                    needed,
                    returned,
                    resume,
                    null);
            if (!done && Kernel32.INSTANCE.GetLastError() != 234 /* ERROR_MORE_DATA */) {
              throw failure("EnumServicesStatusEx");
            }
            Winsvc.ENUM_SERVICE_STATUS_PROCESS first = new Winsvc.ENUM_SERVICE_STATUS_PROCESS();
            int entry = first.size();
            for (int i = 0; i < returned.getValue(); i++) {
              names.add(string(buffer.getPointer((long) i * entry)));
            }
            if (done) {
              return names;
            }
          }
        });
  }

  @Override
  public void mark(String name, List<String> environment) {
    String key = ScmConfig.serviceKey(name);
    registry(
        () -> {
          Advapi32Util.registrySetStringValue(WinReg.HKEY_LOCAL_MACHINE, key, MARKER, MARKER_TEXT);
          if (!environment.isEmpty()) {
            Advapi32Util.registrySetStringArray(
                WinReg.HKEY_LOCAL_MACHINE, key, "Environment", environment.toArray(String[]::new));
          } else if (Advapi32Util.registryValueExists(
              WinReg.HKEY_LOCAL_MACHINE, key, "Environment")) {
            Advapi32Util.registryDeleteValue(WinReg.HKEY_LOCAL_MACHINE, key, "Environment");
          }
          return null;
        },
        "RegSetValue(" + key + ")");
  }

  @Override
  public boolean isMarked(String name) {
    String key = ScmConfig.serviceKey(name);
    return registry(
        () ->
            Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)
                && Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, MARKER),
        "RegQueryValue(" + key + ")");
  }

  @Override
  public void recordLogonRightGrant(String name, String account) {
    String key = ScmConfig.serviceKey(name);
    registry(
        () -> {
          if (account != null) {
            Advapi32Util.registrySetStringValue(
                WinReg.HKEY_LOCAL_MACHINE, key, LOGON_RIGHT_GRANT, account);
          } else if (Advapi32Util.registryValueExists(
              WinReg.HKEY_LOCAL_MACHINE, key, LOGON_RIGHT_GRANT)) {
            Advapi32Util.registryDeleteValue(WinReg.HKEY_LOCAL_MACHINE, key, LOGON_RIGHT_GRANT);
          }
          return null;
        },
        "RegSetValue(" + key + "\\" + LOGON_RIGHT_GRANT + ")");
  }

  @Override
  public Optional<String> logonRightGrant(String name) {
    String key = ScmConfig.serviceKey(name);
    return registry(
        () ->
            Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)
                    && Advapi32Util.registryValueExists(
                        WinReg.HKEY_LOCAL_MACHINE, key, LOGON_RIGHT_GRANT)
                ? Optional.of(
                    Advapi32Util.registryGetStringValue(
                        WinReg.HKEY_LOCAL_MACHINE, key, LOGON_RIGHT_GRANT))
                : Optional.<String>empty(),
        "RegQueryValue(" + key + "\\" + LOGON_RIGHT_GRANT + ")");
  }

  @Override
  public void registerEventSource(String name) {
    registry(
        () -> {
          EventSources.register(name);
          return null;
        },
        "RegCreateKey(" + EventSources.key(name) + ")");
  }

  @Override
  public void removeEventSource(String name) {
    registry(
        () -> {
          EventSources.remove(name);
          return null;
        },
        "RegDeleteKey(" + EventSources.key(name) + ")");
  }

  @Override
  public boolean eventSourceExists(String name) {
    return registry(() -> EventSources.exists(name), "RegOpenKey(" + EventSources.key(name) + ")");
  }

  private static <T> T registry(java.util.function.Supplier<T> call, String operation) {
    try {
      return call.get();
    } catch (Win32Exception e) {
      throw new Win32Failure(operation, e.getErrorCode(), e.getMessage());
    }
  }

  private static <T> T withManager(int access, Function<Winsvc.SC_HANDLE, T> body) {
    Winsvc.SC_HANDLE manager = A.OpenSCManager(null, null, access);
    if (manager == null) {
      throw failure("OpenSCManager");
    }
    try {
      return body.apply(manager);
    } finally {
      A.CloseServiceHandle(manager);
    }
  }

  private static <T> T withService(String name, int access, Function<Winsvc.SC_HANDLE, T> body) {
    return withManager(
        SC_MANAGER_CONNECT,
        manager -> {
          Winsvc.SC_HANDLE service = A.OpenService(manager, name, access);
          if (service == null) {
            throw failure("OpenService");
          }
          try {
            return body.apply(service);
          } finally {
            A.CloseServiceHandle(service);
          }
        });
  }

  private static Win32Failure failure(String operation) {
    return failure(operation, Kernel32.INSTANCE.GetLastError());
  }

  private static Win32Failure failure(String operation, int error) {
    String text;
    try {
      text = Kernel32Util.formatMessage(error);
    } catch (RuntimeException e) {
      text = "";
    }
    return new Win32Failure(operation, error, text);
  }

  private static void wipe(char[] secret) {
    if (secret != null) {
      Arrays.fill(secret, '\0');
    }
  }

  private static char[] terminated(char[] password) {
    return password == null ? null : Arrays.copyOf(password, password.length + 1);
  }

  /** A REG_MULTI_SZ style list: each string NUL-terminated, then one more NUL; null if empty. */
  static char[] multiString(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String value : values) {
      out.append(value).append('\0');
    }
    return out.append('\0').toString().toCharArray();
  }

  private static List<String> multiString(Pointer p) {
    List<String> out = new ArrayList<>();
    if (p == null) {
      return out;
    }
    long offset = 0;
    while (true) {
      String value = p.getWideString(offset);
      if (value.isEmpty()) {
        return out;
      }
      out.add(value);
      offset += (value.length() + 1L) * Native.WCHAR_SIZE;
    }
  }

  private static String string(Pointer p) {
    return p == null ? "" : p.getWideString(0);
  }

  private static Memory wide(String text) {
    Memory memory = new Memory((text.length() + 1L) * Native.WCHAR_SIZE);
    memory.setWideString(0, text);
    return memory;
  }

  private static Pointer pointerTo(Memory target) {
    Memory holder = new Memory(Native.POINTER_SIZE);
    holder.setPointer(0, target);
    return holder;
  }

  private static Pointer dword(int value) {
    Memory memory = new Memory(8);
    memory.clear();
    memory.setInt(0, value);
    return memory;
  }
}
