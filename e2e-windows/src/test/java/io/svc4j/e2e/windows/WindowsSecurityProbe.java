package io.svc4j.e2e.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import io.svc4j.supervisor.control.ControlPaths;
import io.svc4j.supervisor.os.NotifyMessage;
import io.svc4j.supervisor.windows.NotifyPipe;
import io.svc4j.supervisor.windows.WindowsDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs in Wine's Windows JVM and attacks svc4j's Windows security measures with the real Win32
 * calls: directory DACLs (created, read back, weak ones refused) and the notify pipe (its DACL, its
 * instances exhausted by a client). Prints one {@code key\tvalue} line per finding for {@link
 * SupervisedUnderWineE2eTest}.
 */
public final class WindowsSecurityProbe {

  /** SDDL to and from security descriptors (not bound by jna-platform). */
  interface Sddl extends StdCallLibrary {
    Sddl INSTANCE = Native.load("advapi32", Sddl.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ConvertStringSecurityDescriptorToSecurityDescriptor(
        String sddl, int revision, PointerByReference descriptor, IntByReference size);

    boolean ConvertSecurityDescriptorToStringSecurityDescriptor(
        Pointer descriptor, int revision, int info, PointerByReference sddl, IntByReference size);

    boolean GetSecurityDescriptorDacl(
        Pointer descriptor, IntByReference present, PointerByReference dacl, IntByReference dflt);
  }

  private static final int SE_FILE_OBJECT = 1;
  private static final int SE_KERNEL_OBJECT = 6;
  private static final int DACL = 0x4;
  private static final int PROTECTED_DACL = 0x80000000;
  private static final int READ_CONTROL = 0x20000;

  private WindowsSecurityProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "dirs" -> directories(Path.of(args[1]));
      case "pipe" -> pipe();
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.flush();
  }

  private static void say(String key, String value) {
    System.out.println(key + "\t" + value.replace('\n', ' ').replace('\r', ' '));
  }

  private static void directories(Path base) throws Exception {
    // 1. A directory svc4j creates: read its DACL back.
    Path fresh = base.resolve("fresh");
    Path inner = fresh.resolve("inner");
    attempt("fresh", () -> WindowsDirectories.secure(inner, fresh, "log"));
    say("fresh.sddl", WindowsDirectories.sddl(fresh));
    say("inner.sddl", WindowsDirectories.sddl(inner));
    attempt("fresh.again", () -> WindowsDirectories.secure(inner, fresh, "log"));

    // 2. A directory whose DACL lets Users change files (set with SetNamedSecurityInfo).
    Path weak = base.resolve("weak");
    Files.createDirectories(weak);
    say(
        "weak.set",
        Integer.toString(
            setDacl(weak, "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;BU)")));
    say("weak.sddl", WindowsDirectories.sddl(weak));
    attempt("weak", () -> WindowsDirectories.secure(weak, "log"));

    // 3. A directory the Linux side made world-writable (chmod 0777) before this ran.
    Path open = base.resolve("world-writable");
    say("open.sddl", WindowsDirectories.sddl(open));
    attempt("open", () -> WindowsDirectories.secure(open, "log"));

    // 4. A directory only its owner may write to (chmod 0755 on the Linux side): accepted.
    attempt("private", () -> WindowsDirectories.secure(base.resolve("private"), "log"));

    // 5. svc4j's own directories under %ProgramData%\svc4j, whose top level the Linux side made
    // world-writable: each is refused, naming that level.
    attempt("state", () -> WindowsDirectories.secure(ControlPaths.stateDirectory(), "state"));
    attempt(
        "runtime",
        () -> WindowsDirectories.secure(ControlPaths.windowsRoot().resolve("run"), "runtime"));
  }

  /** Runs {@code action}; prints {@code key\tok} or {@code key\trefused\tmessage}. */
  private static void attempt(String key, ThrowingRunnable action) {
    try {
      action.run();
      say(key, "ok");
    } catch (Exception e) {
      say(key, "refused\t" + e.getMessage());
    }
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static int setDacl(Path dir, String sddl) {
    PointerByReference descriptor = new PointerByReference();
    if (!Sddl.INSTANCE.ConvertStringSecurityDescriptorToSecurityDescriptor(
        sddl, 1, descriptor, null)) {
      return -Kernel32.INSTANCE.GetLastError();
    }
    IntByReference present = new IntByReference();
    PointerByReference dacl = new PointerByReference();
    Sddl.INSTANCE.GetSecurityDescriptorDacl(
        descriptor.getValue(), present, dacl, new IntByReference());
    int rc =
        Advapi32.INSTANCE.SetNamedSecurityInfo(
            dir.toString(),
            SE_FILE_OBJECT,
            DACL | PROTECTED_DACL,
            null,
            null,
            dacl.getValue(),
            null);
    Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    return rc;
  }

  private static void pipe() throws Exception {
    BlockingQueue<NotifyMessage> received = new LinkedBlockingQueue<>();
    String name = "\\\\.\\pipe\\svc4j-notify-probe-" + ProcessHandle.current().pid();
    try (NotifyPipe pipe = NotifyPipe.open(name, received::add)) {
      // The DACL as a client sees it.
      WinNT.HANDLE reader =
          Kernel32.INSTANCE.CreateFile(
              name, READ_CONTROL | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, 0, null);
      say("pipe.open", Boolean.toString(!WinBase.INVALID_HANDLE_VALUE.equals(reader)));
      PointerByReference descriptor = new PointerByReference();
      int rc =
          Advapi32.INSTANCE.GetSecurityInfo(
              reader, SE_KERNEL_OBJECT, DACL, null, null, null, null, descriptor);
      if (rc == 0) {
        PointerByReference text = new PointerByReference();
        Sddl.INSTANCE.ConvertSecurityDescriptorToStringSecurityDescriptor(
            descriptor.getValue(), 1, DACL, text, null);
        say("pipe.sddl", text.getValue().getWideString(0));
      } else {
        say("pipe.sddl", "error " + rc);
      }
      Kernel32.INSTANCE.CloseHandle(reader);
      send(name, "STATUS=before\n");
      NotifyMessage before = poll(received);
      say("pipe.before", before == null ? "none" : before.status().orElse(""));
      // A 1 MiB message (with READY=1 in it) is dropped whole; the next small one arrives.
      send(name, "STATUS=" + "x".repeat(1 << 20) + "\nREADY=1\n");
      send(name, "STATUS=small\n");
      NotifyMessage afterBig = poll(received);
      say(
          "pipe.oversized",
          afterBig == null
              ? "none"
              : "ready=" + afterBig.ready() + " status=" + afterBig.status().orElse(""));

      // A client takes every instance and keeps them.
      List<WinNT.HANDLE> held = new ArrayList<>();
      int lastError = 0;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (held.size() < 400 && System.nanoTime() < until) {
        WinNT.HANDLE h =
            Kernel32.INSTANCE.CreateFile(
                name, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, 0, null);
        if (WinBase.INVALID_HANDLE_VALUE.equals(h)) {
          lastError = Kernel32.INSTANCE.GetLastError();
          if (lastError == 231) { // ERROR_PIPE_BUSY: maybe only until the next instance listens
            if (!Kernel32.INSTANCE.WaitNamedPipe(name, 2000)) {
              lastError = Kernel32.INSTANCE.GetLastError();
              break;
            }
            continue;
          }
          break;
        }
        held.add(h);
      }
      say("pipe.held", held.size() + " (then error " + lastError + ")");
      say("pipe.during", Boolean.toString(trySend(name, "STATUS=during\n")));
      for (WinNT.HANDLE h : held) {
        Kernel32.INSTANCE.CloseHandle(h);
      }
      // Notify works again once the instances are given back.
      boolean sent = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!sent && System.nanoTime() < deadline) {
        sent = trySend(name, "READY=1\nSTATUS=after\n");
        if (!sent) {
          Thread.sleep(100);
        }
      }
      say("pipe.after.sent", Boolean.toString(sent));
      NotifyMessage m = null;
      for (NotifyMessage x = poll(received); x != null; x = poll(received)) {
        if ("after".equals(x.status().orElse(null))) {
          m = x;
          break;
        }
      }
      say(
          "pipe.after",
          m == null ? "none" : "ready=" + m.ready() + " status=" + m.status().orElse(""));
    }
  }

  private static NotifyMessage poll(BlockingQueue<NotifyMessage> q) throws InterruptedException {
    return q.poll(10, TimeUnit.SECONDS);
  }

  /** Like a careful client: an instance may be busy for a moment, so it tries for 10 s. */
  private static void send(String name, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!trySend(name, text)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cannot write to " + name);
      }
      Thread.sleep(50);
    }
  }

  private static boolean trySend(String name, String text) {
    WinNT.HANDLE h =
        Kernel32.INSTANCE.CreateFile(
            name, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, 0, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(h)) {
      return false;
    }
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      IntByReference n = new IntByReference();
      return Kernel32.INSTANCE.WriteFile(h, bytes, bytes.length, n, null);
    } finally {
      Kernel32.INSTANCE.CloseHandle(h);
    }
  }
}
