package io.svc4j.service;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Something that happened to the machine a service runs on, delivered to {@link SystemEvents}. Each
 * kind is a record with the event's own fields; a code svc4j does not know arrives as {@link
 * Unknown} rather than being dropped.
 */
public sealed interface SystemEvent {

  /** How a user session changed (Windows WTS_* codes, in brackets). */
  enum SessionChange {
    /** A session was connected to the console (1). */
    CONSOLE_CONNECT,
    /** A session was disconnected from the console (2). */
    CONSOLE_DISCONNECT,
    /** A session was connected to a remote terminal (3). */
    REMOTE_CONNECT,
    /** A session was disconnected from a remote terminal (4). */
    REMOTE_DISCONNECT,
    /** A user logged on to the session (5). */
    LOGON,
    /** A user logged off the session (6). */
    LOGOFF,
    /** The session was locked (7). */
    LOCK,
    /** The session was unlocked (8). */
    UNLOCK,
    /** The session's remote-control status changed (9). */
    REMOTE_CONTROL,
    /** A session was created (10). */
    CREATE,
    /** A session was ended (11). */
    TERMINATE
  }

  /** A user session changed: {@code sessionId} is the session it concerns. */
  record SessionChanged(SessionChange change, int sessionId) implements SystemEvent {}

  /**
   * The machine is about to suspend (sleep or hibernate). Windows gives about two seconds: save
   * what must be saved, do not start long work.
   */
  record Suspending() implements SystemEvent {}

  /**
   * The machine resumed from suspend. {@code byUser}: a user is present (Windows sends this after
   * the automatic resume when there was user input); false: resumed by itself (a timer, a wake
   * event), maybe nobody is there.
   */
  record Resumed(boolean byUser) implements SystemEvent {}

  /** Where the machine's power comes from. */
  enum PowerSource {
    AC,
    BATTERY,
    UNKNOWN
  }

  /**
   * The power status changed: the power source, or the battery's charge crossed a threshold.
   *
   * @param source AC, battery, or unknown
   * @param batteryPercent the charge left, empty when unknown or there is no battery
   * @param batterySaver whether battery saver is on
   */
  record PowerStatusChanged(PowerSource source, OptionalInt batteryPercent, boolean batterySaver)
      implements SystemEvent {}

  /**
   * A power setting the service subscribed to ({@link SystemEvents#powerSettings}) changed. {@code
   * data} is the setting's new value as Windows sends it; most are one 32-bit number ({@link
   * #intValue}).
   */
  record PowerSettingChanged(UUID setting, byte[] data) implements SystemEvent {

    /** GUID_ACDC_POWER_SOURCE: 0 AC, 1 battery (DC), 2 short-term source (a UPS). */
    public static final UUID POWER_SOURCE = UUID.fromString("5d3e9a59-e9d5-4b00-a6bd-ff34ff516548");

    /** GUID_BATTERY_PERCENTAGE_REMAINING: the charge left, 0-100. */
    public static final UUID BATTERY_PERCENTAGE =
        UUID.fromString("a7ad8041-b45a-4cae-87a3-eecbb468a9e1");

    /** GUID_CONSOLE_DISPLAY_STATE: 0 off, 1 on, 2 dimmed. */
    public static final UUID CONSOLE_DISPLAY_STATE =
        UUID.fromString("6fe69556-704a-47a0-8f24-c28d936fda47");

    /** GUID_POWER_SAVING_STATUS: 1 while battery saver is on. */
    public static final UUID POWER_SAVING_STATUS =
        UUID.fromString("e00958c0-c213-4ace-ac77-fecced2eeea5");

    public PowerSettingChanged {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** The value as a little-endian 32-bit number, when it is exactly four bytes. */
    public OptionalInt intValue() {
      if (data.length != 4) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(
          (data[0] & 0xFF)
              | (data[1] & 0xFF) << 8
              | (data[2] & 0xFF) << 16
              | (data[3] & 0xFF) << 24);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PowerSettingChanged p
          && p.setting.equals(setting)
          && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
      return setting.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "PowerSettingChanged[setting="
          + setting
          + ", data="
          + HexFormat.of().formatHex(data)
          + "]";
    }
  }

  /** What happened to a device (Windows DBT_* codes, in brackets). */
  enum DeviceChange {
    /** A device was inserted and is available (DBT_DEVICEARRIVAL). */
    ARRIVED,
    /** Permission to remove a device is asked: it may still be refused (DBT_DEVICEQUERYREMOVE). */
    QUERY_REMOVE,
    /** A request to remove a device was cancelled (DBT_DEVICEQUERYREMOVEFAILED). */
    REMOVE_CANCELLED,
    /** A device is about to be removed; it cannot be refused (DBT_DEVICEREMOVEPENDING). */
    REMOVE_PENDING,
    /** A device was removed (DBT_DEVICEREMOVECOMPLETE). */
    REMOVED,
    /** A driver-defined event (DBT_CUSTOMEVENT). */
    CUSTOM
  }

  /**
   * A device changed. {@code interfaceClass} is the device interface class (e.g. USB, HID, volume)
   * when Windows says it, {@code name} the device's path (e.g. {@code \\?\USB#VID_...}), empty when
   * not given.
   */
  record DeviceChanged(DeviceChange change, Optional<UUID> interfaceClass, String name)
      implements SystemEvent {}

  /** An event svc4j does not decode: where it came from and its raw code. */
  record Unknown(String source, int code) implements SystemEvent {}
}
