package io.svc4j.windows.eventlog;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;

/**
 * Event sources in the Application log. A source is a registry key naming a message file; without
 * one, Event Viewer shows "The description for Event ID ... cannot be found". EventCreate.exe ships
 * with Windows and holds the message "%1" for every ID from 1 to 1000, so the text we log is shown
 * as it is.
 */
public final class EventSources {

  /** The message file, expanded by Event Viewer (REG_EXPAND_SZ). */
  public static final String MESSAGE_FILE = "%SystemRoot%\\System32\\EventCreate.exe";

  /** EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE. */
  public static final int TYPES_SUPPORTED = 7;

  private static final String APPLICATION =
      "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application";

  private EventSources() {}

  /** The source's key below HKEY_LOCAL_MACHINE. */
  public static String key(String source) {
    return APPLICATION + "\\" + source;
  }

  /** Creates or refreshes the source (needs administrator rights). */
  public static void register(String source) {
    String key = key(source);
    Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, key);
    Advapi32Util.registrySetExpandableStringValue(
        WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile", MESSAGE_FILE);
    Advapi32Util.registrySetIntValue(
        WinReg.HKEY_LOCAL_MACHINE, key, "TypesSupported", TYPES_SUPPORTED);
  }

  /** Removes the source if it exists. */
  public static void remove(String source) {
    if (exists(source)) {
      Advapi32Util.registryDeleteKey(WinReg.HKEY_LOCAL_MACHINE, key(source));
    }
  }

  /** Whether the source is registered with a message file (readable without admin rights). */
  public static boolean exists(String source) {
    String key = key(source);
    return Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)
        && Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile");
  }

  /** The registered message file, or null. */
  public static String messageFile(String source) {
    String key = key(source);
    if (!Advapi32Util.registryValueExists(WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile")) {
      return null;
    }
    return Advapi32Util.registryGetExpandableStringValue(
        WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile");
  }
}
