package io.svc4j.windows.manager;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * The service calls jna-platform does not bind, or binds with a String password: a password must go
 * to native memory from a char[] that we wipe, never through an immutable String.
 */
interface Advapi32Services extends StdCallLibrary {

  Advapi32Services INSTANCE =
      Native.load("Advapi32", Advapi32Services.class, W32APIOptions.DEFAULT_OPTIONS);

  int SERVICE_NO_CHANGE = 0xffffffff;

  int SERVICE_CONFIG_DESCRIPTION = 1;
  int SERVICE_CONFIG_FAILURE_ACTIONS = 2;
  int SERVICE_CONFIG_DELAYED_AUTO_START_INFO = 3;
  int SERVICE_CONFIG_FAILURE_ACTIONS_FLAG = 4;
  int SERVICE_CONFIG_SERVICE_SID_INFO = 5;
  int SERVICE_CONFIG_PRESHUTDOWN_INFO = 7;

  Winsvc.SC_HANDLE CreateServiceW(
      Winsvc.SC_HANDLE manager,
      String serviceName,
      String displayName,
      int desiredAccess,
      int serviceType,
      int startType,
      int errorControl,
      String binaryPathName,
      String loadOrderGroup,
      IntByReference tagId,
      char[] dependencies,
      String serviceStartName,
      char[] password);

  boolean ChangeServiceConfigW(
      Winsvc.SC_HANDLE service,
      int serviceType,
      int startType,
      int errorControl,
      String binaryPathName,
      String loadOrderGroup,
      IntByReference tagId,
      char[] dependencies,
      String serviceStartName,
      char[] password,
      String displayName);

  boolean QueryServiceConfigW(
      Winsvc.SC_HANDLE service, Pointer config, int bufSize, IntByReference bytesNeeded);

  boolean ChangeServiceConfig2W(Winsvc.SC_HANDLE service, int infoLevel, Pointer info);

  /** QUERY_SERVICE_CONFIGW. */
  @FieldOrder({
    "dwServiceType",
    "dwStartType",
    "dwErrorControl",
    "lpBinaryPathName",
    "lpLoadOrderGroup",
    "dwTagId",
    "lpDependencies",
    "lpServiceStartName",
    "lpDisplayName"
  })
  class QueryServiceConfig extends Structure {
    public int dwServiceType;
    public int dwStartType;
    public int dwErrorControl;
    public Pointer lpBinaryPathName;
    public Pointer lpLoadOrderGroup;
    public int dwTagId;
    public Pointer lpDependencies;
    public Pointer lpServiceStartName;
    public Pointer lpDisplayName;

    QueryServiceConfig(Pointer memory) {
      super(memory);
      read();
    }
  }
}
