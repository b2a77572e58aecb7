package io.svc4j.supervisor.windows;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.os.NotifyMessage;
import java.io.ByteArrayOutputStream;
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
 * <p>Inbound only and local only (remote clients rejected). The default security of a named pipe
 * lets only the creating account, administrators and SYSTEM write: the child runs as the
 * supervisor's account. The first instance is created with FIRST_PIPE_INSTANCE, so nobody can squat
 * the name before us.
 */
public final class NotifyPipe implements NotifyChannel {

  private static final Logger log = LoggerFactory.getLogger(NotifyPipe.class);
  private static final int PIPE_ACCESS_INBOUND = 0x1;
  private static final int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;
  private static final int PIPE_TYPE_MESSAGE = 0x4;
  private static final int PIPE_READMODE_MESSAGE = 0x2;
  private static final int PIPE_REJECT_REMOTE_CLIENTS = 0x8;
  private static final int PIPE_UNLIMITED_INSTANCES = 255;
  private static final int MAX_MESSAGE = 8192;

  private final String name;
  private final Consumer<NotifyMessage> sink;
  private final Set<WinNT.HANDLE> connected = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
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
    WinNT.HANDLE h =
        Kernel32.INSTANCE.CreateNamedPipe(
            name,
            PIPE_ACCESS_INBOUND | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
            PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_REJECT_REMOTE_CLIENTS,
            PIPE_UNLIMITED_INSTANCES,
            0,
            MAX_MESSAGE,
            0,
            null);
    if (h == null || WinBase.INVALID_HANDLE_VALUE.equals(h)) {
      throw new IOException(
          "cannot create the notify pipe "
              + name
              + ": "
              + com.sun.jna.platform.win32.Kernel32Util.getLastErrorMessage());
    }
    return h;
  }

  private void acceptLoop() {
    while (!closed) {
      WinNT.HANDLE h = listening;
      boolean ok =
          Kernel32.INSTANCE.ConnectNamedPipe(h, null)
              || Kernel32.INSTANCE.GetLastError() == WinError.ERROR_PIPE_CONNECTED;
      if (closed) {
        Kernel32.INSTANCE.CloseHandle(h);
        return;
      }
      try {
        // The next instance listens before this one is read, so a second sender never waits.
        listening = create(name, false);
      } catch (IOException e) {
        log.warn("{}", e.getMessage());
        closed = true;
      }
      if (ok) {
        connected.add(h);
        Thread.ofPlatform().daemon().name("svc4j-notify-read").start(() -> read(h));
      } else {
        Kernel32.INSTANCE.CloseHandle(h);
      }
    }
  }

  private void read(WinNT.HANDLE h) {
    byte[] buffer = new byte[MAX_MESSAGE];
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    IntByReference n = new IntByReference();
    try {
      while (!closed) {
        boolean ok = Kernel32.INSTANCE.ReadFile(h, buffer, buffer.length, n, null);
        int error = ok ? 0 : Kernel32.INSTANCE.GetLastError();
        if (!ok && error != WinError.ERROR_MORE_DATA) {
          return; // the sender closed its end (ERROR_BROKEN_PIPE), or we were closed
        }
        message.write(buffer, 0, n.getValue());
        if (ok) {
          deliver(message.toString(StandardCharsets.UTF_8));
          message.reset();
        }
      }
    } finally {
      connected.remove(h);
      Kernel32.INSTANCE.DisconnectNamedPipe(h);
      Kernel32.INSTANCE.CloseHandle(h);
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
