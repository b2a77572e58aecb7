package io.svc4j.service;

import java.util.Set;
import java.util.UUID;

/**
 * Implement this in a {@link Service}, as {@link Pausable}, to hear what happens to the machine:
 * sessions logging on and off, suspend and resume, the power source and power settings, devices
 * arriving and leaving ({@link SystemEvent}). Platforms that have such events deliver them (the
 * Windows SCM runtime); others never call it.
 *
 * <p>Events arrive on an svc4j thread, one at a time, never on the platform's control handler; a
 * slow or throwing handler delays or loses only its own events.
 */
public interface SystemEvents {

  void systemEvent(SystemEvent event);

  /**
   * The power settings to be told about ({@link SystemEvent.PowerSettingChanged}): Windows only
   * sends those a service subscribed to (RegisterPowerSettingNotification), e.g. {@link
   * SystemEvent.PowerSettingChanged#POWER_SOURCE}. None by default.
   */
  default Set<UUID> powerSettings() {
    return Set.of();
  }

  /**
   * Whether to hear about device interfaces arriving and leaving ({@link
   * SystemEvent.DeviceChanged}); Windows sends them only to a service that subscribed
   * (RegisterDeviceNotification, all interface classes). Off by default.
   */
  default boolean deviceEvents() {
    return false;
  }
}
