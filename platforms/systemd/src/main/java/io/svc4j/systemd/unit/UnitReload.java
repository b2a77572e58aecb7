package io.svc4j.systemd.unit;

import io.svc4j.manager.ManagerException;
import java.util.Locale;

/**
 * How the main process of a unit reloads its configuration; a unit without one has no reload
 * ({@code systemctl reload} says "Job type reload is not applicable").
 *
 * @param signal the signal that asks the main process to reload
 * @param announces whether the main process itself reports {@code RELOADING=1} (with {@code
 *     MONOTONIC_USEC}) and then {@code READY=1} through sd_notify, as an svc4j host and the svc4j
 *     supervisor do; only then may systemd 253+ drive the reload itself ({@code
 *     Type=notify-reload}), because it waits for those two messages
 */
public record UnitReload(Signal signal, boolean announces) {

  /** An svc4j host or the svc4j supervisor: SIGHUP, and both messages are sent. */
  public static final UnitReload SVC4J = new UnitReload(Signal.HUP, true);

  /** The signals a reload may be asked with; the others stop or kill a process by default. */
  public enum Signal {
    HUP,
    USR1,
    USR2;

    /** "HUP", "hup" or "SIGHUP" → HUP. */
    public static Signal parse(String text) {
      String upper = text.strip().toUpperCase(Locale.ROOT);
      String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
      for (Signal signal : values()) {
        if (signal.name().equals(bare)) {
          return signal;
        }
      }
      throw new ManagerException(
          "unknown reload signal '" + SystemdQuoting.printable(text) + "': use HUP, USR1 or USR2");
    }
  }

  public UnitReload {
    if (signal == null) {
      throw new ManagerException("missing reload signal");
    }
  }

  /** A program that reloads on {@code signal} and reports nothing about it. */
  public static UnitReload bySignal(Signal signal) {
    return new UnitReload(signal, false);
  }
}
