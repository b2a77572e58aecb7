package io.svc4j.supervisor.linux;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import io.svc4j.supervisor.config.SocketSettings;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * A listening TCP socket the supervisor opened for its children, as a raw descriptor: the JDK has
 * no way to hand a channel's descriptor to a child, so it is opened with libc (close-on-exec: it
 * reaches a child only through the dup2 {@link ChildSpawner} does in the child).
 */
final class ListenSocket implements AutoCloseable {

  private static final int BACKLOG = 4096; // the kernel caps it at net.core.somaxconn

  private final String name;
  private final int fd;

  private ListenSocket(String name, int fd) {
    this.name = name;
    this.fd = fd;
  }

  String name() {
    return name;
  }

  int fd() {
    return fd;
  }

  static ListenSocket open(SocketSettings settings) throws IOException {
    SocketCalls c = SocketCalls.INSTANCE;
    InetSocketAddress address = settings.socketAddress();
    boolean v6 = address.getAddress() instanceof Inet6Address;
    int fd =
        c.socket(
            v6 ? SocketCalls.AF_INET6 : SocketCalls.AF_INET,
            SocketCalls.SOCK_STREAM | SocketCalls.SOCK_CLOEXEC,
            0);
    if (fd < 0) {
      throw failure(settings, "socket");
    }
    try {
      // As systemd does: a restart of the supervisor binds again while old connections linger.
      c.setsockopt(fd, SocketCalls.SOL_SOCKET, SocketCalls.SO_REUSEADDR, new IntByReference(1), 4);
      if (v6) {
        c.setsockopt(
            fd, SocketCalls.IPPROTO_IPV6, SocketCalls.IPV6_V6ONLY, new IntByReference(1), 4);
      }
      byte[] sockaddr = sockaddr(address, v6);
      if (c.bind(fd, sockaddr, sockaddr.length) != 0) {
        throw failure(settings, "bind");
      }
      if (c.listen(fd, BACKLOG) != 0) {
        throw failure(settings, "listen");
      }
      return new ListenSocket(settings.name(), fd);
    } catch (IOException | RuntimeException e) {
      c.close(fd);
      throw e;
    }
  }

  /**
   * struct sockaddr_in / sockaddr_in6: family in host order (little-endian here), port in network.
   */
  private static byte[] sockaddr(InetSocketAddress address, boolean v6) {
    byte[] ip = address.getAddress().getAddress();
    byte[] out = new byte[v6 ? 28 : 16];
    int family = v6 ? SocketCalls.AF_INET6 : SocketCalls.AF_INET;
    if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
      out[0] = (byte) family;
    } else {
      out[1] = (byte) family;
    }
    out[2] = (byte) (address.getPort() >> 8);
    out[3] = (byte) address.getPort();
    System.arraycopy(ip, 0, out, v6 ? 8 : 4, ip.length);
    return out;
  }

  private static IOException failure(SocketSettings settings, String call) {
    int errno = Native.getLastError();
    return new IOException(
        "cannot listen on "
            + settings.address()
            + " (sockets: "
            + settings.name()
            + "): "
            + call
            + ": "
            + SocketCalls.INSTANCE.strerror(errno));
  }

  @Override
  public void close() {
    SocketCalls.INSTANCE.close(fd);
  }
}
