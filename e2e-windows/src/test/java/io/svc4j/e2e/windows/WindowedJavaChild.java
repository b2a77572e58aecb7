package io.svc4j.e2e.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinUser.MSG;
import com.sun.jna.platform.win32.WinUser.WNDCLASSEX;
import com.sun.jna.platform.win32.WinUser.WindowProc;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A windowed program for the Wine test of {@code stop.windows: close}: one top-level window and a
 * message loop; WM_CLOSE (and only that) records itself and ends the loop, so the program exits on
 * its own. READY=1 goes through the notify pipe once the window exists.
 */
public final class WindowedJavaChild {

  private static final int WM_CLOSE = 0x0010;
  private static final int WM_DESTROY = 0x0002;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long pid = ProcessHandle.current().pid();
    User32 user = User32.INSTANCE;
    WNDCLASSEX windowClass = new WNDCLASSEX();
    windowClass.hInstance = Kernel32.INSTANCE.GetModuleHandle(null);
    windowClass.lpszClassName = "svc4jWindowedChild";
    windowClass.lpfnWndProc =
        (WindowProc)
            (hwnd, message, wParam, lParam) -> {
              if (message == WM_CLOSE) {
                try {
                  Files.writeString(dir.resolve("wm-close-" + pid), "WM_CLOSE");
                } catch (Exception e) {
                  e.printStackTrace();
                }
                user.DestroyWindow(hwnd);
                return new LRESULT(0);
              }
              if (message == WM_DESTROY) {
                user.PostQuitMessage(0);
                return new LRESULT(0);
              }
              return user.DefWindowProc(hwnd, message, wParam, lParam);
            };
    if (user.RegisterClassEx(windowClass).intValue() == 0) {
      throw new IllegalStateException("RegisterClassEx failed");
    }
    HWND window =
        user.CreateWindowEx(
            0,
            windowClass.lpszClassName,
            "svc4j windowed child",
            0,
            0,
            0,
            100,
            100,
            null,
            null,
            windowClass.hInstance,
            null);
    if (window == null) {
      throw new IllegalStateException("CreateWindowEx failed: no window station or display");
    }
    Files.writeString(dir.resolve("windowed-" + pid), Long.toString(pid));
    try (var pipe = new FileOutputStream(System.getenv("NOTIFY_SOCKET"))) {
      pipe.write("READY=1\n".getBytes(StandardCharsets.UTF_8));
    }
    MSG message = new MSG();
    while (user.GetMessage(message, null, 0, 0) > 0) {
      user.TranslateMessage(message);
      user.DispatchMessage(message);
    }
  }
}
