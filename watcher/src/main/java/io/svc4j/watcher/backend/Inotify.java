package io.svc4j.watcher.backend;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The inotify calls (libc), mapped directly ({@link Native#register}): a call is a JNI call with no
 * proxy or argument conversion in between, which matters on the path of every change and for the
 * thousands of {@code inotify_add_watch} at start-up. Errors: -1, errno via {@link
 * Native#getLastError()}.
 */
final class Inotify {

  static {
    Native.register("c");
  }

  private Inotify() {}

  static final int IN_NONBLOCK = 0x800;
  static final int IN_CLOEXEC = 0x80000;

  static final int IN_MODIFY = 0x2;
  static final int IN_ATTRIB = 0x4;
  static final int IN_CLOSE_WRITE = 0x8;
  static final int IN_MOVED_FROM = 0x40;
  static final int IN_MOVED_TO = 0x80;
  static final int IN_CREATE = 0x100;
  static final int IN_DELETE = 0x200;
  static final int IN_DELETE_SELF = 0x400;
  static final int IN_MOVE_SELF = 0x800;
  static final int IN_Q_OVERFLOW = 0x4000;
  static final int IN_IGNORED = 0x8000;
  static final int IN_ONLYDIR = 0x01000000;
  static final int IN_DONT_FOLLOW = 0x02000000;
  static final int IN_EXCL_UNLINK = 0x04000000;

  static final int ENOSPC = 28;
  static final int EAGAIN = 11;
  static final int EINTR = 4;
  static final int POLLIN = 1;

  static native int inotify_init1(int flags);

  static native int inotify_add_watch(int fd, String path, int mask);

  /** {@code pollfd} is two ints here: fd, then events (low half) and revents (high half). */
  static native int poll(int[] pollfd, long nfds, int timeoutMillis);

  /**
   * Into native memory: a Java array would be copied in and out (its whole length) on every call.
   */
  static native long read(int fd, Pointer buffer, long count);

  static native int close(int fd);
}
