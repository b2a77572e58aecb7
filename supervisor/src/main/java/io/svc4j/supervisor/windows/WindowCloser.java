package io.svc4j.supervisor.windows;

import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.ptr.IntByReference;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts WM_CLOSE to the top-level windows of a set of processes: how windowed programs quit. */
final class WindowCloser {

  private static final Logger log = LoggerFactory.getLogger(WindowCloser.class);
  private static final int WM_CLOSE = 0x0010;

  private WindowCloser() {}

  /**
   * @return how many windows were asked to close
   */
  static int close(Set<Long> pids) {
    int[] posted = {0};
    try {
      User32 user = User32.INSTANCE;
      user.EnumWindows(
          (hwnd, data) -> {
            IntByReference owner = new IntByReference();
            user.GetWindowThreadProcessId(hwnd, owner);
            if (pids.contains((long) owner.getValue())) {
              user.PostMessage(hwnd, WM_CLOSE, new WinDef.WPARAM(0), new WinDef.LPARAM(0));
              posted[0]++;
            }
            return true;
          },
          null);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      // A service on a machine without a window station: nothing has windows to close.
      log.debug("Cannot enumerate windows: {}", e.toString());
    }
    return posted[0];
  }
}
