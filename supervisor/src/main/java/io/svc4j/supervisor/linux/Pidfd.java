package io.svc4j.supervisor.linux;

import com.sun.jna.Native;

/**
 * A pidfd (Linux 5.3+): a descriptor that names one process for good. Unlike a pid number, it never
 * comes to mean another process: once its process is reaped, signals through it fail with ESRCH
 * instead of reaching whoever got the number next. Where the kernel has no pidfds, {@link #open}
 * returns null and callers fall back to comparing start times.
 */
final class Pidfd implements AutoCloseable {

  private static volatile boolean supported = true;
  // pidfd_send_signal(PIDFD_SIGNAL_PROCESS_GROUP) needs Linux 6.9; EINVAL before.
  private static volatile boolean groupSignals = true;

  private final int fd;

  private Pidfd(int fd) {
    this.fd = fd;
  }

  /** A pidfd of whatever process has number {@code pid} now; null if none or unsupported. */
  static Pidfd open(int pid) {
    if (!supported || pid <= 0) {
      return null;
    }
    int fd = (int) LibC.INSTANCE.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
    if (fd < 0) {
      if (Native.getLastError() == LibC.ENOSYS) {
        supported = false;
      }
      return null;
    }
    return new Pidfd(fd);
  }

  static boolean supported() {
    return supported;
  }

  /**
   * Sends {@code signal} (0: only checks) to this process. True when delivered, which for signal 0
   * means the process is not reaped yet (alive, or a zombie still holding its pid).
   */
  boolean signal(int signal) {
    return LibC.INSTANCE.syscall(LibC.SYS_PIDFD_SEND_SIGNAL, fd, signal, null, 0) == 0;
  }

  /** Whether the kernel can signal a process group through a pidfd ({@link #signalGroup}). */
  static boolean groupSignalsSupported() {
    return groupSignals;
  }

  /**
   * Sends {@code signal} (0: only checks) to the process group this process leads, even after the
   * leader itself was reaped, as long as a member is left; never to a later group that got the same
   * number. Returns false when no member is left, or (then {@link #groupSignalsSupported()} turns
   * false) when the kernel is older than 6.9.
   */
  boolean signalGroup(int signal) {
    if (!groupSignals) {
      return false;
    }
    long r =
        LibC.INSTANCE.syscall(
            LibC.SYS_PIDFD_SEND_SIGNAL, fd, signal, null, LibC.PIDFD_SIGNAL_PROCESS_GROUP);
    if (r != 0 && Native.getLastError() == LibC.EINVAL) {
      groupSignals = false;
    }
    return r == 0;
  }

  @Override
  public void close() {
    LibC.INSTANCE.close(fd);
  }
}
