package io.svc4j.supervisor.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.svc4j.supervisor.os.NotifyChannel;
import io.svc4j.supervisor.os.NotifyMessage;
import io.svc4j.supervisor.os.PrintableText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving end of the systemd notify protocol: a bound AF_UNIX datagram socket whose path the
 * child gets as {@code NOTIFY_SOCKET}. A reader thread hands each datagram, parsed, to the sink.
 *
 * <p>The JDK has no Unix datagram sockets, hence JNA. The reader waits in poll(2), never in a
 * blocked recv; {@link #close} wakes it with shutdown(2) and returns at once, the reader closing
 * the descriptor as it ends. Ancillary data (credentials, passed file descriptors) is not read; the
 * kernel closes passed descriptors for us. The socket is 0600 in a directory only the supervisor's
 * user can write: processes of the supervisor's user and of the run-as user (it is chowned to) may
 * send, as with systemd's NotifyAccess=all for the service's own user; other users cannot reach it.
 */
public final class NotifySocket implements NotifyChannel {

  private static final Logger log = LoggerFactory.getLogger(NotifySocket.class);
  // systemd's own limit (NOTIFY_BUFFER_MAX); a longer datagram is dropped whole, never truncated.
  static final int MAX_DATAGRAM = 4096;
  private static final int SUN_PATH_MAX = 107;
  // No timeout: close() wakes the reader through shutdown(2) (NotifySocketTest proves it), so an
  // idle supervisor does not wake five times a second for nothing (issue 12, footprint).
  private static final int POLL_MILLIS = -1;

  private final int fd;
  private final Path path;
  private final int pollMillis;
  private final Thread reader;
  private volatile boolean closed;
  private boolean warnedOversize; // reader thread only

  private NotifySocket(
      int fd, Path path, Consumer<NotifyMessage> sink, String name, int pollMillis) {
    this.fd = fd;
    this.path = path;
    this.pollMillis = pollMillis;
    this.reader =
        Thread.ofPlatform().daemon().name("svc4j-notify-" + name).unstarted(() -> read(sink));
  }

  /** Binds a new socket at {@code path} (which must not exist) and starts reading. */
  public static NotifySocket bind(Path path, Consumer<NotifyMessage> sink) throws IOException {
    return bind(path, sink, POLL_MILLIS);
  }

  /** With the reader's poll timeout given (-1: none), for tests. */
  static NotifySocket bind(Path path, Consumer<NotifyMessage> sink, int pollMillis)
      throws IOException {
    byte[] address = path.toString().getBytes(StandardCharsets.UTF_8);
    if (address.length > SUN_PATH_MAX) {
      throw new IOException(
          "notify socket path is "
              + address.length
              + " bytes, the limit is "
              + SUN_PATH_MAX
              + ": "
              + path);
    }
    LibC c = LibC.INSTANCE;
    int fd = c.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException(
          "socket(AF_UNIX, SOCK_DGRAM) failed: " + c.strerror(Native.getLastError()));
    }
    // The socket file gets the socket's mode (minus the umask) at bind: 0600, so that only its
    // owner (root, then the run-as user it is chowned to) may send. Set on the descriptor, before
    // the file exists: no window where another user could connect.
    if (c.fchmod(fd, 0600) != 0) {
      int errno = Native.getLastError();
      c.close(fd);
      throw new IOException(
          "cannot set the mode of notify socket " + path + ": " + c.strerror(errno));
    }
    Memory sockaddr = new Memory(2 + SUN_PATH_MAX + 1);
    sockaddr.clear();
    sockaddr.setShort(0, (short) LibC.AF_UNIX);
    sockaddr.write(2, address, 0, address.length);
    if (c.bind(fd, sockaddr, 2 + address.length + 1) != 0) {
      int errno = Native.getLastError();
      c.close(fd);
      throw new IOException("cannot bind notify socket " + path + ": " + c.strerror(errno));
    }
    var socket = new NotifySocket(fd, path, sink, path.getFileName().toString(), pollMillis);
    socket.reader.start();
    return socket;
  }

  @Override
  public String address() {
    return path.toString();
  }

  public Path path() {
    return path;
  }

  private void read(Consumer<NotifyMessage> sink) {
    LibC c = LibC.INSTANCE;
    Memory pollfd = new Memory(8);
    Memory buffer = new Memory(MAX_DATAGRAM);
    while (!closed) {
      pollfd.setInt(0, fd);
      pollfd.setShort(4, (short) LibC.POLLIN);
      pollfd.setShort(6, (short) 0);
      int ready = c.poll(pollfd, 1, pollMillis);
      if (ready <= 0 || closed) {
        continue; // timeout, or EINTR
      }
      // MSG_TRUNC: returns the datagram's real length, so that a longer one is recognised.
      long n = c.recv(fd, buffer, MAX_DATAGRAM, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC);
      if (n <= 0) {
        continue;
      }
      if (n > MAX_DATAGRAM) {
        if (!warnedOversize) {
          warnedOversize = true;
          log.warn(
              "{}: dropped a notify datagram of {} bytes (the limit is {}); further ones are"
                  + " dropped silently",
              path,
              n,
              MAX_DATAGRAM);
        }
        continue;
      }
      String text = new String(buffer.getByteArray(0, (int) n), StandardCharsets.UTF_8);
      try {
        sink.accept(NotifyMessage.parse(text));
      } catch (RuntimeException e) {
        log.warn(
            "Handling notify message {} failed: {}",
            PrintableText.clean(text).strip(),
            e.toString(),
            e);
      }
    }
    c.close(fd); // here, not in close(): no other thread may use the number once it is closed
  }

  /** Whether the reader thread still runs. */
  boolean isReading() {
    return reader.isAlive();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Wakes the reader out of poll() at once (POLLIN|POLLHUP). close runs on the event thread
    // between a child's exit and its restart: waiting out the poll timeout instead cost every
    // restart 100 ms on average (up to 200).
    // Nor does it wait for the reader to end (under load that is a wait for a CPU, up to tens of
    // ms): the reader closes the descriptor itself on its way out; a message it still hands on is
    // a stale run's, which the engine drops.
    LibC.INSTANCE.shutdown(fd, LibC.SHUT_RDWR);
    reader.interrupt(); // it may wait for room in a full NotifyInbox
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.debug("Cannot delete notify socket {}: {}", path, e.toString());
    }
  }
}
