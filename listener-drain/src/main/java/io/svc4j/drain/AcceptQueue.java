package io.svc4j.drain;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;

/**
 * The length of a listener's accept queue, from {@code getsockopt(TCP_INFO)}: for a listening
 * socket the kernel reports the queue length in {@code tcpi_unacked} (and the backlog limit in
 * {@code tcpi_sacked}). One system call, whatever the number of sockets on the machine.
 */
final class AcceptQueue {

  /**
   * {@code struct tcp_info}: 8 bytes of u8 fields, then u32 rto, ato, snd_mss, rcv_mss, unacked.
   */
  private static final int STATE = 0;

  private static final int UNACKED = 24;
  private static final int TCP_LISTEN = 10;

  private AcceptQueue() {}

  /** Connections waiting in the queue of listener {@code fd}; -1 if {@code fd} is no listener. */
  static int length(int fd) {
    Memory info = new Memory(256);
    info.clear();
    IntByReference size = new IntByReference((int) info.size());
    LinuxC.get().getsockopt(fd, LinuxC.IPPROTO_TCP, LinuxC.TCP_INFO, info, size);
    if (size.getValue() < UNACKED + 4 || info.getByte(STATE) != TCP_LISTEN) {
      return -1;
    }
    return info.getInt(UNACKED);
  }
}
