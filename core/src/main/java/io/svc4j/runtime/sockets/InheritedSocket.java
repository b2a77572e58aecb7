package io.svc4j.runtime.sockets;

/**
 * One listening socket passed by the service manager: its file descriptor number in this process
 * and its name ({@code FileDescriptorName=} of a systemd socket unit, the {@code name} of a
 * supervisor {@code sockets:} entry; systemd's default is the socket unit's name).
 */
public record InheritedSocket(int fd, String name) {

  public InheritedSocket {
    if (fd < ListenFds.FIRST_FD) {
      throw new IllegalArgumentException("inherited fd " + fd + " is below " + ListenFds.FIRST_FD);
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("inherited fd " + fd + " has no name");
    }
  }
}
