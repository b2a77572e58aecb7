package io.svc4j.windows.runtime;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** The power calls jna-platform 5.17 does not bind. */
final class PowerApi {

  private PowerApi() {}

  interface Kernel32Power extends StdCallLibrary {
    Kernel32Power INSTANCE =
        Native.load("kernel32", Kernel32Power.class, W32APIOptions.DEFAULT_OPTIONS);

    /** Fills a SYSTEM_POWER_STATUS (12 bytes). */
    boolean GetSystemPowerStatus(Pointer status);
  }

  interface User32Power extends StdCallLibrary {
    User32Power INSTANCE = Native.load("user32", User32Power.class, W32APIOptions.DEFAULT_OPTIONS);

    /** With DEVICE_NOTIFY_SERVICE_HANDLE, hRecipient is the SERVICE_STATUS_HANDLE. */
    Pointer RegisterPowerSettingNotification(Pointer recipient, Pointer setting, int flags);
  }

  static final int DEVICE_NOTIFY_SERVICE_HANDLE = 0x1;
  static final int DEVICE_NOTIFY_ALL_INTERFACE_CLASSES = 0x4;
  static final int SYSTEM_POWER_STATUS_SIZE = 12;
}
