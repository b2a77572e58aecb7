package io.svc4j.windows.runtime;

import com.sun.jna.Pointer;
import io.svc4j.service.SystemEvent;
import io.svc4j.service.SystemEvent.DeviceChange;
import io.svc4j.service.SystemEvent.PowerSource;
import io.svc4j.service.SystemEvent.SessionChange;
import io.svc4j.windows.Scm;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns what the SCM hands a HandlerEx for SESSIONCHANGE, POWEREVENT and DEVICEEVENT (dwEventType
 * and the struct lpEventData points to) into a typed {@link SystemEvent}. Pure: reads only the
 * memory it is given, so the tests build the structs in memory. It must run inside the handler
 * call: lpEventData is valid only until the handler returns.
 */
final class SystemEventDecoder {

  // PBT_* (power broadcast event types)
  static final int PBT_APMSUSPEND = 0x0004;
  static final int PBT_APMRESUMESUSPEND = 0x0007;
  static final int PBT_APMPOWERSTATUSCHANGE = 0x000A;
  static final int PBT_APMRESUMEAUTOMATIC = 0x0012;
  static final int PBT_POWERSETTINGCHANGE = 0x8013;

  // DBT_* (device event types) and DBT_DEVTYP_* (what the DEV_BROADCAST_HDR describes)
  static final int DBT_DEVICEARRIVAL = 0x8000;
  static final int DBT_DEVICEQUERYREMOVE = 0x8001;
  static final int DBT_DEVICEQUERYREMOVEFAILED = 0x8002;
  static final int DBT_DEVICEREMOVEPENDING = 0x8003;
  static final int DBT_DEVICEREMOVECOMPLETE = 0x8004;
  static final int DBT_CUSTOMEVENT = 0x8006;
  static final int DBT_DEVTYP_DEVICEINTERFACE = 5;

  /** Longest device path read (characters); a longer one is cut, never read past its struct. */
  private static final int MAX_NAME = 32_767;

  private SystemEventDecoder() {}

  /**
   * @param powerStatus reads SYSTEM_POWER_STATUS (GetSystemPowerStatus), for a power status change,
   *     which carries no data itself; may give null when that call failed
   */
  static SystemEvent decode(
      int control, int eventType, Pointer data, Supplier<Pointer> powerStatus) {
    return switch (control) {
      case Scm.CONTROL_SESSIONCHANGE -> session(eventType, data);
      case Scm.CONTROL_POWEREVENT -> power(eventType, data, powerStatus);
      case Scm.CONTROL_DEVICEEVENT -> device(eventType, data);
      default -> new SystemEvent.Unknown("control", control);
    };
  }

  /** WTSSESSION_NOTIFICATION: DWORD cbSize, DWORD dwSessionId. */
  static SystemEvent session(int eventType, Pointer data) {
    SessionChange[] changes = SessionChange.values();
    if (eventType < 1 || eventType > changes.length) {
      return new SystemEvent.Unknown("session", eventType);
    }
    int sessionId = data == null ? -1 : data.getInt(4);
    return new SystemEvent.SessionChanged(changes[eventType - 1], sessionId);
  }

  static SystemEvent power(int eventType, Pointer data, Supplier<Pointer> powerStatus) {
    return switch (eventType) {
      case PBT_APMSUSPEND -> new SystemEvent.Suspending();
      case PBT_APMRESUMEAUTOMATIC -> new SystemEvent.Resumed(false);
      case PBT_APMRESUMESUSPEND -> new SystemEvent.Resumed(true);
      case PBT_APMPOWERSTATUSCHANGE -> powerStatus(powerStatus.get());
      case PBT_POWERSETTINGCHANGE ->
          data == null ? new SystemEvent.Unknown("power", eventType) : powerSetting(data);
      default -> new SystemEvent.Unknown("power", eventType);
    };
  }

  /**
   * SYSTEM_POWER_STATUS: BYTE ACLineStatus (0 offline, 1 online, 255 unknown), BYTE BatteryFlag
   * (128 no battery, 255 unknown), BYTE BatteryLifePercent (255 unknown), BYTE SystemStatusFlag (1:
   * battery saver on), DWORD BatteryLifeTime, DWORD BatteryFullLifeTime.
   */
  static SystemEvent powerStatus(Pointer status) {
    if (status == null) {
      return new SystemEvent.PowerStatusChanged(PowerSource.UNKNOWN, OptionalInt.empty(), false);
    }
    int acLine = status.getByte(0) & 0xFF;
    int batteryFlag = status.getByte(1) & 0xFF;
    int percent = status.getByte(2) & 0xFF;
    boolean saver = (status.getByte(3) & 0x1) != 0;
    PowerSource source =
        switch (acLine) {
          case 0 -> PowerSource.BATTERY;
          case 1 -> PowerSource.AC;
          default -> PowerSource.UNKNOWN;
        };
    boolean noBattery = batteryFlag == 128 || batteryFlag == 255;
    return new SystemEvent.PowerStatusChanged(
        source, noBattery || percent > 100 ? OptionalInt.empty() : OptionalInt.of(percent), saver);
  }

  /** POWERBROADCAST_SETTING: GUID PowerSetting, DWORD DataLength, UCHAR Data[DataLength]. */
  static SystemEvent powerSetting(Pointer data) {
    UUID setting = guid(data, 0);
    int length = data.getInt(16);
    if (length < 0 || length > 4096) {
      return new SystemEvent.Unknown("power setting length", length);
    }
    return new SystemEvent.PowerSettingChanged(setting, data.getByteArray(20, length));
  }

  /**
   * DEV_BROADCAST_HDR: DWORD dbch_size, DWORD dbch_devicetype, DWORD reserved; for a device
   * interface (DEV_BROADCAST_DEVICEINTERFACE) then GUID dbcc_classguid and the NUL-terminated WCHAR
   * dbcc_name, which ends where dbch_size says.
   */
  static SystemEvent device(int eventType, Pointer data) {
    DeviceChange change =
        switch (eventType) {
          case DBT_DEVICEARRIVAL -> DeviceChange.ARRIVED;
          case DBT_DEVICEQUERYREMOVE -> DeviceChange.QUERY_REMOVE;
          case DBT_DEVICEQUERYREMOVEFAILED -> DeviceChange.REMOVE_CANCELLED;
          case DBT_DEVICEREMOVEPENDING -> DeviceChange.REMOVE_PENDING;
          case DBT_DEVICEREMOVECOMPLETE -> DeviceChange.REMOVED;
          case DBT_CUSTOMEVENT -> DeviceChange.CUSTOM;
          default -> null;
        };
    if (change == null) {
      return new SystemEvent.Unknown("device", eventType);
    }
    if (data == null) {
      return new SystemEvent.DeviceChanged(change, Optional.empty(), "");
    }
    int size = data.getInt(0);
    int type = data.getInt(4);
    if (type != DBT_DEVTYP_DEVICEINTERFACE || size < 28) {
      return new SystemEvent.DeviceChanged(change, Optional.empty(), "");
    }
    // UTF-16LE read as bytes: Windows' WCHAR, whatever JNA's wchar_t is where this runs.
    byte[] name = data.getByteArray(28, Math.min((size - 28) / 2, MAX_NAME) * 2);
    int end = 0;
    while (end + 1 < name.length && (name[end] != 0 || name[end + 1] != 0)) {
      end += 2;
    }
    return new SystemEvent.DeviceChanged(
        change, Optional.of(guid(data, 12)), new String(name, 0, end, StandardCharsets.UTF_16LE));
  }

  /** A GUID: DWORD Data1, WORD Data2, WORD Data3 (little-endian), BYTE Data4[8] (in order). */
  static UUID guid(Pointer p, long offset) {
    long data1 = p.getInt(offset) & 0xFFFFFFFFL;
    long data2 = p.getShort(offset + 4) & 0xFFFFL;
    long data3 = p.getShort(offset + 6) & 0xFFFFL;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      low = (low << 8) | (p.getByte(offset + 8 + i) & 0xFFL);
    }
    return new UUID(data1 << 32 | data2 << 16 | data3, low);
  }
}
