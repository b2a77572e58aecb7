package io.svc4j.drain;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The socket calls the drain needs. Constants are the asm-generic Linux values (x86, x86-64, ARM,
 * AArch64, RISC-V); other architectures are refused by {@link ListenerDrain#find}.
 */
interface LinuxC extends Library {

  int SOL_SOCKET = 1;
  int SO_ATTACH_FILTER = 26;
  int IPPROTO_TCP = 6;
  int TCP_INFO = 11;
  int AF_INET = 2;
  int AF_INET6 = 10;
  int AF_NETLINK = 16;
  int SOCK_DGRAM = 2;
  int SOCK_CLOEXEC = 0x80000;
  int NETLINK_SOCK_DIAG = 4;

  /** Loaded on first use, so that loading the class elsewhere than Linux is harmless. */
  final class Holder {
    static final LinuxC INSTANCE = Native.load("c", LinuxC.class);

    private Holder() {}
  }

  static LinuxC get() {
    return Holder.INSTANCE;
  }

  int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

  int getsockopt(int fd, int level, int name, Pointer value, IntByReference length)
      throws LastErrorException;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  NativeLong sendto(
      int fd, Pointer buffer, NativeLong length, int flags, Pointer address, int addressLength)
      throws LastErrorException;

  NativeLong recv(int fd, Pointer buffer, NativeLong length, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;
}
