package io.svc4j.systemd.testing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real AF_UNIX datagram socket that plays systemd's notify socket. Its address is built here
 * independently of the production code, and {@link #kernelName()} reads back from /proc/net/unix
 * what the kernel actually bound, so a test can check the address it listens on.
 */
public final class DatagramListener implements AutoCloseable {

  /** One datagram as it arrived. */
  public record Datagram(byte[] bytes, long arrivedNanos) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  interface C extends Library {
    C INSTANCE = Native.load("c", C.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int setsockopt(int fd, int level, int name, Memory value, int length) throws LastErrorException;

    NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int MSG_TRUNC = 0x20;
  private static final int EAGAIN = 11;
  private static final AtomicInteger counter = new AtomicInteger();

  private final int fd;
  private final String notifySocket;
  private final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
  private final List<Datagram> all = new ArrayList<>();
  private final Thread reader;
  private volatile boolean closed;

  private DatagramListener(byte[] sockaddr, int length, String notifySocket) {
    this.notifySocket = notifySocket;
    this.fd = C.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
    C.INSTANCE.bind(fd, sockaddr, length);
    try (Memory timeval = new Memory(16)) {
      timeval.setLong(0, 0);
      timeval.setLong(8, 100_000); // wake every 100 ms to notice close()
      C.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16);
    }
    reader = Thread.ofPlatform().daemon().name("test-notify-listener").start(this::read);
  }

  /** Listens on a fresh abstract name; its NOTIFY_SOCKET value is {@code @name}. */
  public static DatagramListener onAbstractName() {
    String name =
        "svc4j-test-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet() + "-ü";
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer address = sockaddrBuffer();
    address.put((byte) 0).put(nameBytes);
    return new DatagramListener(address.array(), 2 + 1 + nameBytes.length, "@" + name);
  }

  /** Listens on a socket file at {@code path}; its NOTIFY_SOCKET value is the path. */
  public static DatagramListener onPath(Path path) {
    byte[] pathBytes = path.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer address = sockaddrBuffer();
    address.put(pathBytes).put((byte) 0);
    return new DatagramListener(address.array(), 2 + pathBytes.length + 1, path.toString());
  }

  private static ByteBuffer sockaddrBuffer() {
    ByteBuffer address = ByteBuffer.allocate(110).order(ByteOrder.nativeOrder());
    address.putShort((short) AF_UNIX);
    return address;
  }

  /** The value to put into NOTIFY_SOCKET. */
  public String notifySocket() {
    return notifySocket;
  }

  /**
   * The name this socket has according to /proc/net/unix, where an abstract name is shown with a
   * leading {@code @} and every NUL inside the address as {@code @} too.
   */
  public String kernelName() throws IOException {
    String prefix = notifySocket.startsWith("@") ? "@svc4j-test-" : notifySocket;
    String unique = notifySocket.startsWith("@") ? notifySocket : notifySocket;
    for (String line : Files.readAllLines(Path.of("/proc/net/unix"), StandardCharsets.UTF_8)) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 8 && fields[7].startsWith(prefix) && fields[7].startsWith(unique)) {
        return fields[7];
      }
    }
    throw new AssertionError("socket " + notifySocket + " not found in /proc/net/unix");
  }

  private void read() {
    byte[] buffer = new byte[65536];
    while (!closed) {
      long length;
      try {
        length = C.INSTANCE.recv(fd, buffer, new NativeLong(buffer.length), MSG_TRUNC).longValue();
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EAGAIN) {
          continue;
        }
        if (!closed) {
          throw e;
        }
        return;
      }
      // MSG_TRUNC makes recv return the real datagram size, so an oversized message shows up.
      Datagram datagram =
          new Datagram(
              Arrays.copyOf(buffer, (int) Math.min(length, buffer.length)), System.nanoTime());
      if (length > buffer.length) {
        throw new AssertionError("datagram of " + length + " bytes is larger than expected");
      }
      synchronized (all) {
        all.add(datagram);
      }
      queue.add(datagram);
    }
  }

  /** The next datagram not yet taken, waiting up to {@code timeout}. */
  public Datagram next(Duration timeout) throws InterruptedException {
    Datagram datagram = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (datagram == null) {
      throw new AssertionError("no datagram on " + notifySocket + " within " + timeout);
    }
    return datagram;
  }

  /** The next datagram's text. */
  public String nextText() throws InterruptedException {
    return next(Duration.ofSeconds(10)).text();
  }

  /** Whether nothing arrives within {@code wait}. */
  public boolean silentFor(Duration wait) throws InterruptedException {
    return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  /** Every datagram received so far, in order. */
  public List<Datagram> received() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** How many received datagrams have exactly this text. */
  public long count(String text) {
    return received().stream().filter(d -> d.text().equals(text)).count();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    reader.join(2_000);
    C.INSTANCE.close(fd);
  }
}
