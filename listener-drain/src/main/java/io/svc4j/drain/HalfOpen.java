package io.svc4j.drain;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * Counts the handshakes under way (SYN received, final ACK not yet) on a local port, through the
 * kernel's sock_diag netlink interface: the kernel walks its tables and sends back only sockets in
 * {@code SYN_RECV}, so the cost does not grow with the thousands of {@code TIME_WAIT} sockets a
 * loaded server has (with {@code /proc/net/tcp} the drain's last check took over a second under the
 * benchmark's load).
 */
final class HalfOpen {

  private static final int SOCK_DIAG_BY_FAMILY = 20;
  private static final int NLMSG_ERROR = 2;
  private static final int NLMSG_DONE = 3;
  private static final short NLM_F_REQUEST = 0x1;
  private static final short NLM_F_DUMP = 0x300;
  private static final int TCP_SYN_RECV = 3;

  /** struct nlmsghdr (16 bytes) + struct inet_diag_req_v2 (56 bytes). */
  private static final int REQUEST_SIZE = 16 + 56;

  private static final int BUFFER_SIZE = 32 * 1024;

  private HalfOpen() {}

  /** Sockets in SYN_RECV whose local port is {@code port}, IPv4 and IPv6. */
  static long count(int port) {
    return count(LinuxC.AF_INET, port) + count(LinuxC.AF_INET6, port);
  }

  private static long count(int family, int port) {
    LinuxC c = LinuxC.get();
    int fd =
        c.socket(
            LinuxC.AF_NETLINK, LinuxC.SOCK_DGRAM | LinuxC.SOCK_CLOEXEC, LinuxC.NETLINK_SOCK_DIAG);
    try {
      Memory request = new Memory(REQUEST_SIZE);
      request.clear();
      request.setInt(0, REQUEST_SIZE); // nlmsg_len
      request.setShort(4, (short) SOCK_DIAG_BY_FAMILY); // nlmsg_type
      request.setShort(6, (short) (NLM_F_REQUEST | NLM_F_DUMP)); // nlmsg_flags
      request.setByte(16, (byte) family); // sdiag_family
      request.setByte(17, (byte) LinuxC.IPPROTO_TCP); // sdiag_protocol
      request.setInt(20, 1 << TCP_SYN_RECV); // idiag_states
      Memory kernel = new Memory(12); // struct sockaddr_nl {family, pad, pid 0, groups 0}
      kernel.clear();
      kernel.setShort(0, (short) LinuxC.AF_NETLINK);
      c.sendto(fd, request, new NativeLong(REQUEST_SIZE), 0, kernel, (int) kernel.size());

      Memory buffer = new Memory(BUFFER_SIZE);
      long count = 0;
      while (true) {
        int n = c.recv(fd, buffer, new NativeLong(BUFFER_SIZE), 0).intValue();
        int offset = 0;
        while (offset + 16 <= n) {
          int length = buffer.getInt(offset);
          int type = buffer.getShort(offset + 4) & 0xffff;
          if (type == NLMSG_DONE) {
            return count;
          }
          if (type == NLMSG_ERROR) {
            throw new IllegalStateException(
                "sock_diag refused the request (errno " + -buffer.getInt(offset + 16) + ")");
          }
          // struct inet_diag_msg: family, state, timer, retrans, then id.idiag_sport (big-endian)
          int state = buffer.getByte(offset + 17) & 0xff;
          int sport =
              ((buffer.getByte(offset + 20) & 0xff) << 8) | (buffer.getByte(offset + 21) & 0xff);
          if (type == SOCK_DIAG_BY_FAMILY && state == TCP_SYN_RECV && sport == port) {
            count++;
          }
          if (length < 16) {
            throw new IllegalStateException("malformed netlink message of " + length + " bytes");
          }
          offset += (length + 3) & ~3;
        }
        if (n <= 0) {
          return count;
        }
      }
    } finally {
      c.close(fd);
    }
  }
}
