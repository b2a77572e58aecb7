package io.svc4j.supervisor.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/** The libc calls that open a listening TCP socket. */
interface SocketCalls extends Library {
  SocketCalls INSTANCE = Native.load("c", SocketCalls.class);

  int AF_INET = 2;
  int AF_INET6 = 10;
  int SOCK_STREAM = 1;
  int SOCK_CLOEXEC = 0x80000;
  int SOL_SOCKET = 1;
  int SO_REUSEADDR = 2;
  int IPPROTO_IPV6 = 41;
  int IPV6_V6ONLY = 26;

  int socket(int domain, int type, int protocol);

  int setsockopt(int fd, int level, int name, IntByReference value, int length);

  int bind(int fd, byte[] address, int length);

  int listen(int fd, int backlog);

  int dup(int fd);

  int dup2(int from, int to);

  int close(int fd);

  String strerror(int errno);
}
