package io.svc4j.windows.manager;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SERVICE_FAILURE_ACTIONSW in native memory, both ways. Kept apart from the Advapi32 calls so the
 * layout is tested on any platform: DWORD dwResetPeriod; LPWSTR lpRebootMsg; LPWSTR lpCommand;
 * DWORD cActions; SC_ACTION *lpsaActions — pointer-aligned, so with P the pointer size the fields
 * are at 0, P, 2P, 3P, 4P and the struct is 5P long. SC_ACTION is {DWORD Type; DWORD Delay}.
 */
final class FailureActionsLayout {
  private FailureActionsLayout() {}

  private static final int P = Native.POINTER_SIZE;

  /** The struct and the action array it points to; keep both reachable during the call. */
  record Encoded(Memory info, Memory actions) {}

  static Encoded encode(RecoveryActions recovery) {
    int count = recovery.actions().size();
    Memory actions = new Memory(Math.max(1, count) * 8L);
    for (int i = 0; i < count; i++) {
      actions.setInt(i * 8L, recovery.actions().get(i).kind().code());
      actions.setInt(i * 8L + 4, recovery.actions().get(i).delayMillis());
    }
    Memory info = new Memory(5L * P);
    info.clear();
    info.setInt(0, recovery.resetPeriodSeconds());
    info.setPointer(P, Pointer.NULL); // no reboot message
    info.setPointer(2L * P, Pointer.NULL); // no command
    info.setInt(3L * P, count);
    info.setPointer(4L * P, count == 0 ? Pointer.NULL : actions);
    return new Encoded(info, actions);
  }

  static RecoveryActions decode(Pointer info, boolean onNonCrashFailures) {
    int reset = info.getInt(0);
    int count = info.getInt(3L * P);
    Pointer actions = info.getPointer(4L * P);
    List<RecoveryActions.Action> list = new ArrayList<>();
    for (int i = 0; i < count && actions != null; i++) {
      list.add(
          new RecoveryActions.Action(
              RecoveryActions.Kind.of(actions.getInt(i * 8L)),
              Duration.ofMillis(Integer.toUnsignedLong(actions.getInt(i * 8L + 4)))));
    }
    return new RecoveryActions(
        list, Duration.ofSeconds(Integer.toUnsignedLong(reset)), onNonCrashFailures);
  }
}
