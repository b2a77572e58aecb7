package io.svc4j.supervisor.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/** libc calls the descriptor tests use to put sockets at chosen numbers in the test JVM. */
interface FdCalls extends Library {

  FdCalls INSTANCE = Native.load("c", FdCalls.class);

  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int AF_INET = 2;
  int SOCK_STREAM = 1;
  int SOCK_CLOEXEC = 0x80000;

  int open(String path, int flags);

  /** dup2 that can set close-on-exec on the copy, as the supervisor holds its sockets. */
  int dup3(int from, int to, int flags);

  int close(int fd);

  int socket(int domain, int type, int protocol);

  int bind(int fd, byte[] address, int length);

  int listen(int fd, int backlog);

  int getsockname(int fd, byte[] address, IntByReference length);
}
