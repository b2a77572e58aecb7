package io.svc4j.supervisor.os;

/**
 * The receiving end of one run's notify channel: a datagram socket on Linux, a message-mode named
 * pipe on Windows. The child finds it in {@code NOTIFY_SOCKET}.
 */
public interface NotifyChannel extends AutoCloseable {

  /** The value of NOTIFY_SOCKET: a socket path, or a pipe name ({@code \\.\pipe\...}). */
  String address();

  @Override
  void close();
}
