package io.svc4j.supervisor.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.os.NotifyMessage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify channel on Windows, which has no Unix datagram sockets: a message-mode named pipe
 * {@code \\.\pipe\svc4j-notify-...}, given to the child as NOTIFY_SOCKET. The protocol is systemd's
 * — each write is one message of newline-separated {@code KEY=VALUE} lines (READY=1, STATUS=...,
 * WATCHDOG=1) — so any program can speak it by opening that path as a file and writing to it; a
 * client may keep the pipe open and write many messages, or open it once per message.
 *
 * <p>Inbound only and local only (PIPE_REJECT_REMOTE_CLIENTS). Its DACL is explicit ({@link
 * #SDDL}): the supervisor's own account — which is the child's — and SYSTEM, nobody else (the
 * default would also let Administrators and, on some systems, Everyone read). The first instance is
 * created with FIRST_PIPE_INSTANCE, so nobody can squat the name before us.
 *
 * <p>A client that holds every instance ({@link #MAX_INSTANCES}) makes the next CreateNamedPipe
 * fail with ERROR_PIPE_BUSY; the acceptor then waits for an instance to be released and tries
 * again, so notify works again as soon as the instances are given back instead of being silenced
 * for good.
 */
public final class NotifyPipe implements NotifyChannel {

  private static final Logger log = LoggerFactory.getLogger(NotifyPipe.class);
  private static final int PIPE_ACCESS_INBOUND = 0x1;
  private static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
  private static final int PIPE_TYPE_MESSAGE = 0x4;
  private static final int PIPE_READMODE_MESSAGE = 0x2;
  private static final int PIPE_REJECT_REMOTE_CLIENTS = 0x8;

  /**
   * At most this many clients at once (255 would mean unlimited, each with a reader thread here): a
   * client holding them all delays other senders until it lets go, and costs a bounded amount.
   */
  static final int MAX_INSTANCES = 32;

  /**
   * A message longer than this is dropped whole, like an oversized datagram on Linux: a child must
   * not be able to make the supervisor buffer without bound.
   */
  static final int MAX_MESSAGE = 4096;

  private static final long RETRY_MILLIS = 500;

  /**
   * A protected DACL: generic all for SYSTEM and this process's account (the child's), no one else.
   */
  static String sddl(String selfSid) {
    return "D:P(A;;GA;;;SY)(A;;GA;;;" + selfSid + ")";
  }

  private final String name;
  private final Consumer<NotifyMessage> sink;
  private final Set<WinNT.HANDLE> connected = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final Object released = new Object();
  private volatile WinNT.HANDLE listening;
  private volatile boolean closed;

  private NotifyPipe(String name, WinNT.HANDLE first, Consumer<NotifyMessage> sink) {
    this.name = name;
    this.sink = sink;
    this.listening = first;
    this.acceptor =
        Thread.ofPlatform().daemon().name("svc4j-notify-pipe").unstarted(this::acceptLoop);
  }

  /** Creates the pipe {@code name} (which must not exist yet) and starts serving it. */
  public static NotifyPipe open(String name, Consumer<NotifyMessage> sink) throws IOException {
    WinNT.HANDLE first = create(name, true);
    NotifyPipe pipe = new NotifyPipe(name, first, sink);
    pipe.acceptor.start();
    return pipe;
  }

  @Override
  public String address() {
    return name;
  }

  private static WinNT.HANDLE create(String name, boolean first) throws IOException {
    String sddl = sddl(WindowsDirectories.policy().self());
    PointerByReference descriptor = new PointerByReference();
    if (!WinSecurity.INSTANCE.ConvertStringSecurityDescriptorToSecurityDescriptor(
        sddl, WinSecurity.SDDL_REVISION_1, descriptor, null)) {
      throw new IOException(
          "cannot build the notify pipe's security descriptor: "
              + Kernel32Util.getLastErrorMessage());
    }
    try {
      var attributes = new WinBase.SECURITY_ATTRIBUTES();
      attributes.dwLength = new WinDef.DWORD(attributes.size());
      attributes.lpSecurityDescriptor = descriptor.getValue();
      attributes.bInheritHandle = false;
      WinNT.HANDLE h =
          Kernel32.INSTANCE.CreateNamedPipe(
              name,
              PIPE_ACCESS_INBOUND | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
              PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_REJECT_REMOTE_CLIENTS,
              MAX_INSTANCES,
              0,
              MAX_MESSAGE,
              0,
              attributes);
      if (h == null || WinBase.INVALID_HANDLE_VALUE.equals(h)) {
        int error = Kernel32.INSTANCE.GetLastError();
        throw new PipeCreateException(
            "cannot create the notify pipe "
                + name
                + ": "
                + Kernel32Util.formatMessage(error).strip()
                + " ("
                + error
                + ")",
            error);
      }
      return h;
    } finally {
      Kernel32.INSTANCE.LocalFree(descriptor.getValue());
    }
  }

  /** CreateNamedPipe failed; {@code error} is its Win32 error. */
  private static final class PipeCreateException extends IOException {
    final int error;

    PipeCreateException(String message, int error) {
      super(message);
      this.error = error;
    }
  }

  /** A new instance, or null when every instance is taken (ERROR_PIPE_BUSY). */
  private WinNT.HANDLE firstTry() throws IOException {
    try {
      return create(name, false);
    } catch (PipeCreateException e) {
      if (e.error != WinError.ERROR_PIPE_BUSY) {
        throw e;
      }
      return null;
    }
  }

  /**
   * The next listening instance. When every instance is taken (ERROR_PIPE_BUSY: a client holds them
   * all) this waits until a reader releases one, and tries again until closed: running out of
   * instances delays notify, it does not end it.
   */
  private WinNT.HANDLE nextInstance() throws IOException {
    boolean warned = false;
    while (!closed) {
      try {
        return create(name, false);
      } catch (PipeCreateException e) {
        if (e.error != WinError.ERROR_PIPE_BUSY) {
          throw e;
        }
        if (!warned) {
          log.warn(
              "Every instance of the notify pipe {} is taken ({} connections); waiting for one",
              name,
              connected.size());
          warned = true;
        }
        synchronized (released) {
          try {
            released.wait(RETRY_MILLIS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a notify pipe instance");
          }
        }
      }
    }
    return null;
  }

  private void acceptLoop() {
    while (!closed) {
      WinNT.HANDLE h = listening;
      // PIPE_CONNECTED: the client came first; NO_DATA: it also wrote and closed already, and what
      // it wrote is still there to read (dropping that instance would lose its message).
      boolean ok = Kernel32.INSTANCE.ConnectNamedPipe(h, null);
      if (!ok) {
        int error = Kernel32.INSTANCE.GetLastError();
        ok = error == WinError.ERROR_PIPE_CONNECTED || error == WinError.ERROR_NO_DATA;
      }
      if (closed) {
        Kernel32.INSTANCE.CloseHandle(h);
        return;
      }
      try {
        // The next instance listens before this one is read, so a second sender rarely waits...
        WinNT.HANDLE next = firstTry();
        if (ok) {
          connected.add(h);
          Thread.ofPlatform().daemon().name("svc4j-notify-read").start(() -> read(h));
        } else {
          Kernel32.INSTANCE.CloseHandle(h);
        }
        // ...unless every instance is taken: then once a reader has released one.
        next = next != null ? next : nextInstance();
        if (next == null) {
          return; // closed while waiting
        }
        listening = next;
      } catch (IOException e) {
        log.error("The notify pipe {} stops accepting: {}", name, e.getMessage());
        closed = true;
      }
    }
  }

  private void read(WinNT.HANDLE h) {
    byte[] buffer = new byte[MAX_MESSAGE];
    IntByReference n = new IntByReference();
    // Set while the rest of a message longer than the buffer is read and thrown away.
    boolean oversized = false;
    try {
      while (!closed) {
        boolean ok = Kernel32.INSTANCE.ReadFile(h, buffer, buffer.length, n, null);
        int error = ok ? 0 : Kernel32.INSTANCE.GetLastError();
        if (!ok && error != WinError.ERROR_MORE_DATA) {
          return; // the sender closed its end (ERROR_BROKEN_PIPE), or we were closed
        }
        if (!ok) {
          if (!oversized) {
            log.warn(
                "A notify message on {} longer than {} bytes was dropped whole", name, MAX_MESSAGE);
          }
          oversized = true;
        } else if (oversized) {
          oversized = false; // the last piece of the dropped message
        } else {
          deliver(new String(buffer, 0, n.getValue(), StandardCharsets.UTF_8));
        }
      }
    } finally {
      connected.remove(h);
      Kernel32.INSTANCE.DisconnectNamedPipe(h);
      Kernel32.INSTANCE.CloseHandle(h);
      synchronized (released) {
        released.notifyAll(); // an instance is free again for the acceptor
      }
    }
  }

  private void deliver(String text) {
    if (text.isBlank()) {
      return;
    }
    try {
      sink.accept(NotifyMessage.parse(text));
    } catch (RuntimeException e) {
      log.warn("Handling notify message {} failed: {}", text.strip(), e.toString(), e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (released) {
      released.notifyAll();
    }
    // Wakes the acceptor blocked in ConnectNamedPipe; it sees `closed` and ends.
    try (var wake = new FileOutputStream(name)) {
      wake.getFD();
    } catch (IOException e) {
      log.debug("Waking the notify pipe's acceptor: {}", e.toString());
    }
    for (WinNT.HANDLE h : connected) {
      Kernel32.INSTANCE.DisconnectNamedPipe(h); // fails the reader's ReadFile
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
