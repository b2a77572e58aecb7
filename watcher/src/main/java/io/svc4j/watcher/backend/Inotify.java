package io.svc4j.watcher.backend;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The inotify calls (libc). Errors: -1, errno via {@link Native#getLastError()}. */
interface Inotify extends Library {
  Inotify INSTANCE = Native.load("c", Inotify.class);

  int IN_NONBLOCK = 0x800;
  int IN_CLOEXEC = 0x80000;

  int IN_MODIFY = 0x2;
  int IN_ATTRIB = 0x4;
  int IN_CLOSE_WRITE = 0x8;
  int IN_MOVED_FROM = 0x40;
  int IN_MOVED_TO = 0x80;
  int IN_CREATE = 0x100;
  int IN_DELETE = 0x200;
  int IN_DELETE_SELF = 0x400;
  int IN_MOVE_SELF = 0x800;
  int IN_Q_OVERFLOW = 0x4000;
  int IN_IGNORED = 0x8000;
  int IN_ONLYDIR = 0x01000000;
  int IN_DONT_FOLLOW = 0x02000000;
  int IN_EXCL_UNLINK = 0x04000000;

  int ENOSPC = 28;
  int EAGAIN = 11;
  int EINTR = 4;
  int POLLIN = 1;

  int inotify_init1(int flags);

  int inotify_add_watch(int fd, String path, int mask);

  /** {@code pollfd} is two ints here: fd, then events (low half) and revents (high half). */
  int poll(int[] pollfd, long nfds, int timeoutMillis);

  long read(int fd, byte[] buffer, long count);

  int close(int fd);
}
