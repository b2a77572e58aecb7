package io.svc4j.systemd.notify;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls sd_notify needs. Constants are the Linux values on x86, x86-64, ARM and
 * RISC-V; systemd only exists on Linux, and its MIPS/SPARC variants are out of scope.
 *
 * <p>Each call goes through JNA's {@link Function} itself rather than an interface that {@code
 * Native.load} implements: that needs a dynamic proxy class generated at the first call, which no
 * class-data archive holds, and reflection on every call (docs/performance.md).
 */
final class LinuxC {

  static final int AF_UNIX = 1;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int MSG_NOSIGNAL = 0x4000;
  static final int CLOCK_MONOTONIC = 1;

  private static final LinuxC INSTANCE = new LinuxC();

  /** Loaded on first use, so that merely loading svc4j classes on Windows or macOS is harmless. */
  private static final class Functions {
    static final NativeLibrary C = NativeLibrary.getInstance("c");
    static final Function SOCKET = C.getFunction("socket", Function.THROW_LAST_ERROR);
    static final Function SENDTO = C.getFunction("sendto", Function.THROW_LAST_ERROR);
    static final Function CLOSE = C.getFunction("close", Function.THROW_LAST_ERROR);
    static final Function CLOCK_GETTIME = C.getFunction("clock_gettime", Function.THROW_LAST_ERROR);

    private Functions() {}
  }

  private LinuxC() {}

  static LinuxC get() {
    return INSTANCE;
  }

  int socket(int domain, int type, int protocol) throws LastErrorException {
    return Functions.SOCKET.invokeInt(new Object[] {domain, type, protocol});
  }

  NativeLong sendto(
      int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
      throws LastErrorException {
    return (NativeLong)
        Functions.SENDTO.invoke(
            NativeLong.class, new Object[] {fd, buffer, length, flags, address, addressLength});
  }

  int close(int fd) throws LastErrorException {
    return Functions.CLOSE.invokeInt(new Object[] {fd});
  }

  /** {@code struct timespec} is two C longs on every 64-bit Linux and on 32-bit without time64. */
  int clock_gettime(int clockId, Pointer timespec) throws LastErrorException {
    return Functions.CLOCK_GETTIME.invokeInt(new Object[] {clockId, timespec});
  }
}
