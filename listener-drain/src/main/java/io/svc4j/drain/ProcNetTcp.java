package io.svc4j.drain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's table of TCP sockets of this process's network namespace ({@code /proc/self/net/tcp}
 * and {@code tcp6}): the only place that shows, without privileges, both a listener's accept queue
 * and its half-open handshakes.
 */
final class ProcNetTcp {

  /** {@code TCP_ESTABLISHED}... in include/net/tcp_states.h; only these two matter here. */
  static final int SYN_RECV = 0x03;

  static final int LISTEN = 0x0A;

  private static final Path NET = Path.of("/proc/self/net");

  /**
   * One row. For a listener {@code rxQueue} is the accept queue (connections the kernel completed
   * and nobody accepted yet); a half-open handshake is a row in state {@link #SYN_RECV} with inode
   * 0.
   */
  record Entry(int localPort, int state, long rxQueue, long inode) {}

  private ProcNetTcp() {}

  static List<Entry> read() {
    List<Entry> all = new ArrayList<>();
    for (String file : List.of("tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(NET.resolve(file), StandardCharsets.US_ASCII)) {
          Entry e = parse(line);
          if (e != null) {
            all.add(e);
          }
        }
      } catch (NoSuchFileException e) {
        // No IPv6 in this kernel: nothing to read there.
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all;
  }

  /**
   * {@code " sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
   * inode ..."}; the header line and anything unexpected give null.
   */
  static Entry parse(String line) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 10 || !f[0].endsWith(":")) {
      return null;
    }
    try {
      int colon = f[1].lastIndexOf(':');
      int port = Integer.parseInt(f[1].substring(colon + 1), 16);
      int state = Integer.parseInt(f[3], 16);
      long rx = Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
      long inode = Long.parseLong(f[9]);
      return new Entry(port, state, rx, inode);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return null;
    }
  }
}
