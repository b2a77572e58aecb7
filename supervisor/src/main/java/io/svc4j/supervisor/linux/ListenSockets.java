package io.svc4j.supervisor.linux;

import io.svc4j.supervisor.config.SocketSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code sockets:} the supervisor holds, passed to each child with systemd's protocol (fd 3,
 * {@code LISTEN_FDS}, {@code LISTEN_FDNAMES}, {@code LISTEN_PID}). They stay open across restarts,
 * so a connection made while no child runs waits in the kernel's accept queue for the next one.
 *
 * <p>The JDK closes every descriptor above 2 in a child it starts, so the socket travels as the
 * child's stdin: for the moment of one launch the supervisor's own fd 0 is the socket and the child
 * inherits it; an exec step ({@link #EXEC_STEP}, a POSIX shell that execs in place, so the pid
 * stays the child's) moves it to fd 3, gives the child /dev/null as stdin, sets {@code LISTEN_PID}
 * to its own pid and execs the command. That carries one socket.
 */
final class ListenSockets implements AutoCloseable {

  /** Runs as {@code sh -c EXEC_STEP sh COMMAND...}; no value of ours is spliced into the script. */
  static final String EXEC_STEP =
      "exec 3<&0 0</dev/null; LISTEN_PID=$$; export LISTEN_PID; exec \"$@\"";

  private static final Object FD0 = new Object(); // one launch at a time may borrow fd 0

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
    for (SocketSettings s : settings) {
      try {
        open.add(ListenSocket.open(s));
      } catch (IOException e) {
        close();
        throw e;
      }
    }
  }

  /** The command wrapped in the exec step, with the protocol's variables put into {@code env}. */
  List<String> wrap(List<String> command, Map<String, String> env) {
    env.put("LISTEN_FDS", Integer.toString(open.size()));
    env.put("LISTEN_FDNAMES", String.join(":", open.stream().map(ListenSocket::name).toList()));
    env.remove("LISTEN_PID"); // set by the exec step; one inherited from our own start is stale
    List<String> argv = new ArrayList<>(command.size() + 4);
    argv.addAll(List.of("/bin/sh", "-c", EXEC_STEP, "sh"));
    argv.addAll(command);
    return argv;
  }

  /**
   * Runs {@code start} (which must inherit stdin) while fd 0 is the socket, then puts the
   * supervisor's own stdin back.
   */
  Process launchWithSocket(Callable<Process> start) throws IOException {
    SocketCalls c = SocketCalls.INSTANCE;
    synchronized (FD0) {
      int saved = c.dup(0); // -1 if the supervisor has no stdin: then fd 0 is closed again after
      if (c.dup2(open.get(0).fd(), 0) < 0) {
        if (saved >= 0) {
          c.close(saved);
        }
        throw new IOException("cannot pass the listening socket to the child (dup2 failed)");
      }
      try {
        return start.call();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e.getMessage(), e);
      } finally {
        if (saved >= 0) {
          c.dup2(saved, 0);
          c.close(saved);
        } else {
          c.close(0);
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    open.forEach(ListenSocket::close);
    open.clear();
  }
}
