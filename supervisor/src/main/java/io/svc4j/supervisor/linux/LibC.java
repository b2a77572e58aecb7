package io.svc4j.supervisor.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The few libc calls Java has no API for. Errors: return -1, errno via Native.getLastError(). */
interface LibC extends Library {
  LibC INSTANCE = Native.load("c", LibC.class);

  int AF_UNIX = 1;
  int SOCK_DGRAM = 2;
  int SOCK_CLOEXEC = 0x80000;
  int MSG_DONTWAIT = 0x40;
  int POLLIN = 1;
  int SHUT_RDWR = 2;
  int WNOHANG = 1;
  int PR_SET_CHILD_SUBREAPER = 36;
  int ESRCH = 3;
  int ECHILD = 10;
  int EINVAL = 22;
  int ENOSYS = 38;
  int MSG_TRUNC = 0x20;

  // Generic syscall numbers (the same on x86_64 and aarch64): glibc 2.36+ wraps them, older ones
  // not.
  long SYS_PIDFD_SEND_SIGNAL = 424;
  long SYS_PIDFD_OPEN = 434;
  int PIDFD_SIGNAL_PROCESS_GROUP = 4; // Linux 6.9+

  int _SC_PAGESIZE = 30;
  int _SC_CLK_TCK = 2;

  int getpid();

  long sysconf(int name);

  int kill(int pid, int sig);

  int prctl(int option, long arg2, long arg3, long arg4, long arg5);

  int waitpid(int pid, IntByReference status, int options);

  int socket(int domain, int type, int protocol);

  int bind(int fd, Pointer address, int length);

  int poll(Pointer fds, long count, int timeoutMillis);

  long recv(int fd, Pointer buffer, long length, int flags);

  int shutdown(int fd, int how);

  int close(int fd);

  // syscall(2) is variadic and reads longs: every argument is passed as one.

  /** pidfd_open(pid, flags). */
  long syscall(long number, long pid, long flags);

  /** pidfd_send_signal(pidfd, sig, info, flags). */
  long syscall(long number, long pidfd, long sig, Pointer info, long flags);

  int fchmod(int fd, int mode);

  String strerror(int errno);
}
