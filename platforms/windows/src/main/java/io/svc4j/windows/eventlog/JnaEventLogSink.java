package io.svc4j.windows.eventlog;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;

/** RegisterEventSource / ReportEvent. */
final class JnaEventLogSink implements EventLogSink {

  /** ReportEvent accepts at most 31,839 characters per string. */
  static final int MAX_MESSAGE = 31_000;

  private final WinNT.HANDLE handle;

  private JnaEventLogSink(WinNT.HANDLE handle) {
    this.handle = handle;
  }

  /** Opens the source, or returns null with the Win32 error in {@code error[0]}. */
  static JnaEventLogSink open(String source, int[] error) {
    WinNT.HANDLE handle = Advapi32.INSTANCE.RegisterEventSource(null, source);
    if (handle == null) {
      error[0] = Kernel32.INSTANCE.GetLastError();
      return null;
    }
    return new JnaEventLogSink(handle);
  }

  @Override
  public synchronized void write(int type, int id, String message) {
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    if (!Advapi32.INSTANCE.ReportEvent(
        handle, type, 0, id, null, 1, 0, new String[] {text}, null)) {
      System.err.println(
          "svc4j: ReportEvent failed (Windows error "
              + Kernel32.INSTANCE.GetLastError()
              + "): "
              + text);
    }
  }

  @Override
  public synchronized void close() {
    Advapi32.INSTANCE.DeregisterEventSource(handle);
  }
}
