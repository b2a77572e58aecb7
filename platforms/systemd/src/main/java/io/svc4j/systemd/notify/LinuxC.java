package io.svc4j.systemd.notify;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls sd_notify needs. Constants are the Linux values on x86, x86-64, ARM and
 * RISC-V; systemd only exists on Linux, and its MIPS/SPARC variants are out of scope.
 */
interface LinuxC extends Library {

  int AF_UNIX = 1;
  int SOCK_DGRAM = 2;
  int SOCK_CLOEXEC = 0x80000;
  int MSG_NOSIGNAL = 0x4000;
  int CLOCK_MONOTONIC = 1;

  /** Loaded on first use, so that merely loading svc4j classes on Windows or macOS is harmless. */
  final class Holder {
    static final LinuxC INSTANCE = Native.load("c", LinuxC.class);

    private Holder() {}
  }

  static LinuxC get() {
    return Holder.INSTANCE;
  }

  int socket(int domain, int type, int protocol) throws LastErrorException;

  NativeLong sendto(
      int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
      throws LastErrorException;

  int close(int fd) throws LastErrorException;

  /** {@code struct timespec} is two C longs on every 64-bit Linux and on 32-bit without time64. */
  int clock_gettime(int clockId, Pointer timespec) throws LastErrorException;
}
