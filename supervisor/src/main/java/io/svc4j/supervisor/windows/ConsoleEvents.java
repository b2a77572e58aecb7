package io.svc4j.supervisor.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.Wincon;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends CTRL_C / CTRL_BREAK to a child's console: what Windows has instead of SIGTERM, and what a
 * JVM turns into an orderly shutdown with its shutdown hooks (WinSW and NSSM users' most common
 * complaint is that they kill Java services without it).
 *
 * <p>A console event cannot be aimed at one process, only at every process attached to a console,
 * and only from a process attached to that same console. So: if the child shares our console, the
 * event goes to it directly; otherwise we detach from ours (if any), attach to the child's, send,
 * detach, and re-attach to our old console through another process on it. Our own copy of the event
 * is swallowed by a handler that is registered once and is active only for a few seconds after each
 * send: otherwise the JVM would take it for a Ctrl+C aimed at the supervisor (or, run with -Xrs as
 * services are, the default handler would end the process).
 */
final class ConsoleEvents {

  private static final Logger log = LoggerFactory.getLogger(ConsoleEvents.class);
  private static final long SWALLOW_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static volatile long swallowUntil;
  // Registered once and strongly held: Windows calls it from its own thread at any time.
  private static final WinNative.ConsoleHandler SWALLOW =
      event ->
          (event == Wincon.CTRL_C_EVENT || event == Wincon.CTRL_BREAK_EVENT)
              && System.nanoTime() - swallowUntil < 0;
  private static boolean installed;

  private ConsoleEvents() {}

  /**
   * Sends {@code event} (Wincon.CTRL_C_EVENT or CTRL_BREAK_EVENT) to the console of {@code pid}.
   *
   * @return false (logged) when the child has no console or Windows refused
   */
  static synchronized boolean send(long pid, int event) {
    WinNative nat = WinNative.INSTANCE;
    Kernel32 k = Kernel32.INSTANCE;
    if (!installed) {
      installed = nat.SetConsoleCtrlHandler(SWALLOW, true);
    }
    swallowUntil = System.nanoTime() + SWALLOW_NANOS;
    int[] ours = consoleProcesses();
    for (int p : ours) {
      if (p == pid) {
        return generate(event, pid);
      }
    }
    if (ours.length > 0) {
      k.FreeConsole();
    }
    try {
      if (!k.AttachConsole((int) pid)) {
        log.warn(
            "Cannot attach to the console of pid {} to stop it: {}",
            pid,
            Kernel32Util.getLastErrorMessage());
        return false;
      }
      try {
        return generate(event, pid);
      } finally {
        k.FreeConsole();
      }
    } finally {
      reattach(ours);
    }
  }

  private static boolean generate(int event, long pid) {
    if (Kernel32.INSTANCE.GenerateConsoleCtrlEvent(event, 0)) {
      return true;
    }
    log.warn("Cannot send a console event to pid {}: {}", pid, Kernel32Util.getLastErrorMessage());
    return false;
  }

  /** The processes attached to our console; empty when we have none (a service). */
  private static int[] consoleProcesses() {
    int[] list = new int[64];
    int n = WinNative.INSTANCE.GetConsoleProcessList(list, list.length);
    if (n > list.length) {
      list = new int[n];
      n = WinNative.INSTANCE.GetConsoleProcessList(list, list.length);
    }
    return java.util.Arrays.copyOf(list, Math.max(0, Math.min(n, list.length)));
  }

  private static void reattach(int[] previous) {
    long self = ProcessHandle.current().pid();
    for (int p : previous) {
      if (p != self && Kernel32.INSTANCE.AttachConsole(p)) {
        return;
      }
    }
  }
}
