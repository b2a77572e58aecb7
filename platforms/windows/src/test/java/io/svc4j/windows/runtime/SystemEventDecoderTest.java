package io.svc4j.windows.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.svc4j.service.SystemEvent;
import io.svc4j.service.SystemEvent.DeviceChange;
import io.svc4j.service.SystemEvent.PowerSettingChanged;
import io.svc4j.service.SystemEvent.PowerSource;
import io.svc4j.service.SystemEvent.SessionChange;
import io.svc4j.windows.Scm;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The raw structs the SCM hands a HandlerEx, built in memory as Windows lays them out. */
class SystemEventDecoderTest {

  /** GUID_DEVINTERFACE_USB_DEVICE. */
  private static final UUID USB = UUID.fromString("a5dcbf10-6530-11d2-901f-00c04fb951ed");

  private static SystemEvent decode(int control, int type, Pointer data) {
    return SystemEventDecoder.decode(control, type, data, () -> null);
  }

  @Test
  void sessionChangesCarryTheirKindAndSession() {
    Memory wts = new Memory(8); // WTSSESSION_NOTIFICATION
    wts.setInt(0, 8);
    wts.setInt(4, 3);

    assertThat(decode(Scm.CONTROL_SESSIONCHANGE, 5, wts))
        .isEqualTo(new SystemEvent.SessionChanged(SessionChange.LOGON, 3));
    assertThat(decode(Scm.CONTROL_SESSIONCHANGE, 7, wts))
        .isEqualTo(new SystemEvent.SessionChanged(SessionChange.LOCK, 3));
    assertThat(decode(Scm.CONTROL_SESSIONCHANGE, 11, wts))
        .isEqualTo(new SystemEvent.SessionChanged(SessionChange.TERMINATE, 3));
    assertThat(decode(Scm.CONTROL_SESSIONCHANGE, 99, wts))
        .isEqualTo(new SystemEvent.Unknown("session", 99));
  }

  @Test
  void suspendAndTheTwoResumes() {
    assertThat(decode(Scm.CONTROL_POWEREVENT, 0x4, null)).isEqualTo(new SystemEvent.Suspending());
    assertThat(decode(Scm.CONTROL_POWEREVENT, 0x12, null))
        .isEqualTo(new SystemEvent.Resumed(false));
    assertThat(decode(Scm.CONTROL_POWEREVENT, 0x7, null)).isEqualTo(new SystemEvent.Resumed(true));
    assertThat(decode(Scm.CONTROL_POWEREVENT, 0x9, null))
        .isEqualTo(new SystemEvent.Unknown("power", 0x9));
  }

  @Test
  void aPowerStatusChangeReadsTheBatteryFromSystemPowerStatus() {
    Memory status = new Memory(12); // SYSTEM_POWER_STATUS
    status.clear();
    status.setByte(0, (byte) 0); // ACLineStatus: offline
    status.setByte(1, (byte) 2); // BatteryFlag: low
    status.setByte(2, (byte) 17); // BatteryLifePercent
    status.setByte(3, (byte) 1); // SystemStatusFlag: battery saver on

    assertThat(SystemEventDecoder.decode(Scm.CONTROL_POWEREVENT, 0xA, null, () -> status))
        .isEqualTo(
            new SystemEvent.PowerStatusChanged(PowerSource.BATTERY, OptionalInt.of(17), true));

    status.setByte(0, (byte) 1);
    status.setByte(1, (byte) 128); // no system battery
    status.setByte(2, (byte) 255);
    status.setByte(3, (byte) 0);
    assertThat(SystemEventDecoder.decode(Scm.CONTROL_POWEREVENT, 0xA, null, () -> status))
        .isEqualTo(new SystemEvent.PowerStatusChanged(PowerSource.AC, OptionalInt.empty(), false));

    assertThat(SystemEventDecoder.decode(Scm.CONTROL_POWEREVENT, 0xA, null, () -> null))
        .isEqualTo(
            new SystemEvent.PowerStatusChanged(PowerSource.UNKNOWN, OptionalInt.empty(), false));
  }

  @Test
  void aPowerSettingChangeCarriesItsGuidAndData() {
    Memory setting = new Memory(24); // POWERBROADCAST_SETTING with a DWORD of data
    setting.write(
        0, WindowsPlatform.guid(PowerSettingChanged.BATTERY_PERCENTAGE).getByteArray(0, 16), 0, 16);
    setting.setInt(16, 4);
    setting.setInt(20, 42);

    SystemEvent event = decode(Scm.CONTROL_POWEREVENT, 0x8013, setting);

    assertThat(event).isInstanceOf(PowerSettingChanged.class);
    PowerSettingChanged changed = (PowerSettingChanged) event;
    assertThat(changed.setting()).isEqualTo(PowerSettingChanged.BATTERY_PERCENTAGE);
    assertThat(changed.intValue()).hasValue(42);
    assertThat(changed)
        .isEqualTo(new PowerSettingChanged(changed.setting(), new byte[] {42, 0, 0, 0}));
  }

  @Test
  void guidsAreLaidOutAsWindowsDoes() {
    // GUID_ACDC_POWER_SOURCE {5D3E9A59-E9D5-4B00-A6BD-FF34FF516548}: Data1..3 little-endian.
    Memory m = WindowsPlatform.guid(PowerSettingChanged.POWER_SOURCE);
    assertThat(m.getByteArray(0, 16))
        .containsExactly(
            0x59, 0x9A, 0x3E, 0x5D, 0xD5, 0xE9, 0x00, 0x4B, 0xA6, 0xBD, 0xFF, 0x34, 0xFF, 0x51,
            0x65, 0x48);
    assertThat(SystemEventDecoder.guid(m, 0)).isEqualTo(PowerSettingChanged.POWER_SOURCE);
  }

  @Test
  void aDeviceInterfaceArrivalCarriesItsClassAndPath() {
    String path = "\\\\?\\USB#VID_0781&PID_5581#4C5300#{a5dcbf10-6530-11d2-901f-00c04fb951ed}";
    int size = 28 + (path.length() + 1) * 2;
    Memory broadcast = new Memory(size); // DEV_BROADCAST_DEVICEINTERFACE_W
    broadcast.clear();
    broadcast.setInt(0, size);
    broadcast.setInt(4, 5); // DBT_DEVTYP_DEVICEINTERFACE
    broadcast.write(12, WindowsPlatform.guid(USB).getByteArray(0, 16), 0, 16);
    byte[] utf16 = path.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    broadcast.write(28, utf16, 0, utf16.length); // WCHAR, then the NUL left by clear()

    assertThat(decode(Scm.CONTROL_DEVICEEVENT, 0x8000, broadcast))
        .isEqualTo(new SystemEvent.DeviceChanged(DeviceChange.ARRIVED, Optional.of(USB), path));
    assertThat(decode(Scm.CONTROL_DEVICEEVENT, 0x8004, broadcast))
        .isEqualTo(new SystemEvent.DeviceChanged(DeviceChange.REMOVED, Optional.of(USB), path));
  }

  @Test
  void aDeviceNameIsNeverReadPastItsStruct() {
    Memory broadcast = new Memory(64);
    broadcast.clear();
    for (int i = 28; i < 64; i += 2) {
      broadcast.setShort(i, (short) 'X'); // no terminating NUL within the struct
    }
    broadcast.setInt(0, 40); // but the struct says it is 40 bytes: 6 characters of name
    broadcast.setInt(4, 5);

    SystemEvent event = decode(Scm.CONTROL_DEVICEEVENT, 0x8003, broadcast);

    assertThat(event)
        .isEqualTo(
            new SystemEvent.DeviceChanged(
                DeviceChange.REMOVE_PENDING, Optional.of(new UUID(0, 0)), "XXXXXX"));
  }

  @Test
  void otherDeviceTypesAndUnknownCodesAreStillTyped() {
    Memory handle = new Memory(12);
    handle.clear();
    handle.setInt(0, 12);
    handle.setInt(4, 6); // DBT_DEVTYP_HANDLE
    assertThat(decode(Scm.CONTROL_DEVICEEVENT, 0x8001, handle))
        .isEqualTo(new SystemEvent.DeviceChanged(DeviceChange.QUERY_REMOVE, Optional.empty(), ""));
    assertThat(decode(Scm.CONTROL_DEVICEEVENT, 0x0007, handle))
        .isEqualTo(new SystemEvent.Unknown("device", 0x0007));
  }
}
