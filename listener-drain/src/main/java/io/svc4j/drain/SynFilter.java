package io.svc4j.drain;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.lang.ref.Reference;

/**
 * A classic BPF socket filter that drops pure SYNs (SYN set, ACK clear) and lets every other
 * segment through. On a listening socket it keeps new connections out of the accept queue while
 * handshakes already under way (their final ACK) and everything on accepted connections (which
 * inherit the filter) still pass. A dropped SYN is not answered at all: the client retransmits it
 * (after 1 s, then 3 s, ...) and gets a RST, i.e. "connection refused", once the listener is
 * closed.
 */
final class SynFilter {

  /**
   * For a TCP socket the filter sees the segment from its TCP header on, so byte 13 is the flags
   * byte (CWR ECE URG ACK PSH RST SYN FIN).
   */
  private static final int[][] PROGRAM = {
    {0x30, 0, 0, 13}, //          ldb [13]          A = TCP flags
    {0x54, 0, 0, 0x12}, //        and #0x12         keep SYN and ACK
    {0x15, 0, 1, 0x02}, //        jeq #0x02, drop   SYN without ACK: a new connection
    {0x06, 0, 0, 0}, //     drop: ret #0
    {0x06, 0, 0, 0xFFFFFFFF}, //  ret #-1           everything else, whole
  };

  private SynFilter() {}

  /** Attaches the filter to {@code fd}, replacing any filter it had. */
  static void attach(int fd) {
    attach(fd, PROGRAM);
  }

  /** Attaches {@code code} ({code, jt, jf, k} per instruction), replacing any filter it had. */
  static void attach(int fd, int[][] code) {
    Memory program = new Memory(8L * code.length); // struct sock_filter {u16, u8, u8, u32}
    for (int i = 0; i < code.length; i++) {
      program.setShort(8L * i, (short) code[i][0]);
      program.setByte(8L * i + 2, (byte) code[i][1]);
      program.setByte(8L * i + 3, (byte) code[i][2]);
      program.setInt(8L * i + 4, code[i][3]);
    }
    // struct sock_fprog {unsigned short len; struct sock_filter *filter;}: the pointer is aligned.
    Memory fprog = new Memory(2L * Native.POINTER_SIZE);
    fprog.clear();
    fprog.setShort(0, (short) code.length);
    fprog.setPointer(Native.POINTER_SIZE, program);
    // The kernel copies the program; both buffers only need to live through the call.
    LinuxC.get()
        .setsockopt(fd, LinuxC.SOL_SOCKET, LinuxC.SO_ATTACH_FILTER, fprog, (int) fprog.size());
    Reference.reachabilityFence(program);
  }
}
