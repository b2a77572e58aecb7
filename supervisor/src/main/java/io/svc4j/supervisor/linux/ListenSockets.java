package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.config.SocketSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code sockets:} the supervisor holds, passed to each child with systemd's protocol: fds 3,
 * 4, ... in the order of the file, {@code LISTEN_FDS}, {@code LISTEN_FDNAMES} (the names, colon
 * separated) and {@code LISTEN_PID}. They stay open across restarts, so a connection made while no
 * child runs waits in the kernel's accept queue for the next one. {@link ChildSpawner} puts them in
 * place ({@code dup2} in the child, every other descriptor closed) and sets {@code LISTEN_PID}.
 */
final class ListenSockets implements AutoCloseable {

  private final List<SocketSettings> settings;
  private final List<ListenSocket> open = new ArrayList<>();

  ListenSockets(List<SocketSettings> settings) {
    this.settings = List.copyOf(settings);
  }

  boolean isEmpty() {
    return settings.isEmpty();
  }

  /** Opens the sockets (once; they outlive every child). */
  synchronized void open() throws IOException {
    if (!open.isEmpty() || settings.isEmpty()) {
      return;
    }
    if (!ChildSpawner.available()) {
      throw new IOException(
          "sockets: needs glibc 2.34 or later (posix_spawn_file_actions_addclosefrom_np); this"
              + " system's C library is older: remove sockets: or upgrade");
    }
    for (SocketSettings s : settings) {
      try {
        open.add(ListenSocket.open(s));
      } catch (IOException e) {
        close();
        throw e;
      }
    }
  }

  /**
   * The descriptors for fds 3, 4, ... of the child, in order: whatever their numbers, {@link
   * ChildSpawner} puts each at its own.
   */
  synchronized List<Integer> fds() {
    return open.stream().map(ListenSocket::fd).toList();
  }

  /** Puts the protocol's variables into {@code env} (LISTEN_PID is set by the exec step). */
  synchronized void describe(Map<String, String> env) {
    env.put("LISTEN_FDS", Integer.toString(open.size()));
    env.put("LISTEN_FDNAMES", String.join(":", open.stream().map(ListenSocket::name).toList()));
    env.remove("LISTEN_PID"); // one inherited from our own start is stale
  }

  @Override
  public synchronized void close() {
    open.forEach(ListenSocket::close);
    open.clear();
  }
}
