package io.svc4j.drain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Closes a listening TCP socket without resetting a connection the kernel already accepted for it.
 *
 * <p>Closing a listener resets every connection in its accept queue: the kernel completed their
 * handshakes, their clients already sent requests, and they get a RST instead of an answer. {@code
 * shutdown(SHUT_RD)} on a listener does the same. So a graceful stop under load does, in order:
 *
 * <ol>
 *   <li>{@link #stopNewConnections()}: a socket filter on the listener drops new SYNs, so nothing
 *       new enters the queue; handshakes already under way complete;
 *   <li>the server keeps accepting, and answers what it accepts (a 503 with {@code Connection:
 *       close} or the real answer), while {@link #awaitEmpty} waits until the accept queue and the
 *       half-open handshakes of the port stay empty for a short quiet period;
 *   <li>the server closes the listener: nothing was queued, so nothing is reset. Clients whose SYN
 *       was dropped retransmit it and get "connection refused".
 * </ol>
 *
 * <p>Linux only (socket filters, {@code /proc/self/net/tcp}); elsewhere {@link #find} returns an
 * unsupported drain whose methods do nothing, and the caller closes the listener as before.
 */
public final class ListenerDrain {

  /** Where a drain is; it only moves forward. */
  public enum State {
    /** The mechanism is not available here ({@link #unsupportedReason()} says why). */
    UNSUPPORTED,
    /** Found the listener; new connections still reach it. */
    LISTENING,
    /** New SYNs are dropped; the queue is being emptied by the server's acceptor. */
    NEW_CONNECTIONS_STOPPED,
    /** Nothing queued for a whole quiet period, nothing half-open: closing resets nobody. */
    EMPTY
  }

  /** How often the kernel's table is read while waiting. */
  private static final Duration POLL = Duration.ofMillis(5);

  private static final Set<String> ARCHES =
      Set.of("amd64", "x86_64", "aarch64", "arm", "riscv64", "x86", "i386");

  private final int port;
  private final long inode;
  private final int fd;
  private volatile String unsupportedReason;
  private volatile State state;

  private ListenerDrain(int port, long inode, int fd, String unsupportedReason) {
    this.port = port;
    this.inode = inode;
    this.fd = fd;
    this.unsupportedReason = unsupportedReason;
    this.state = unsupportedReason == null ? State.LISTENING : State.UNSUPPORTED;
  }

  /**
   * Finds, among this process's descriptors, the listening TCP socket bound to {@code port}. Call
   * it once the listener is bound, before any stop (typically right after the server started): it
   * reads {@code /proc/self/net/tcp}, which is slow on a machine with many connections, and loads
   * the native calls. Never throws: where the mechanism is not available the drain is {@link
   * State#UNSUPPORTED} and its methods do nothing.
   */
  public static ListenerDrain find(int port) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.startsWith("linux")) {
      return unsupported(port, "socket filters are a Linux feature (this is " + os + ")");
    }
    if (!ARCHES.contains(arch)) {
      return unsupported(port, "socket option numbers are not known for " + arch);
    }
    try {
      Map<Long, Integer> ours = SocketFds.byInode();
      for (ProcNetTcp.Entry e : ProcNetTcp.read()) {
        if (e.state() == ProcNetTcp.LISTEN
            && e.localPort() == port
            && ours.containsKey(e.inode())) {
          int fd = ours.get(e.inode());
          AcceptQueue.length(fd); // loads the native calls now, not during the stop
          return new ListenerDrain(port, e.inode(), fd, null);
        }
      }
      return unsupported(port, "this process has no listening TCP socket on port " + port);
    } catch (IOException | RuntimeException | LinkageError e) {
      return unsupported(port, "cannot inspect the listener: " + e);
    }
  }

  private static ListenerDrain unsupported(int port, String why) {
    return new ListenerDrain(port, 0, -1, why);
  }

  /** The listener's descriptor (tests). */
  int fd() {
    return fd;
  }

  public State state() {
    return state;
  }

  /** Why the drain cannot work here, when {@link #state()} is {@link State#UNSUPPORTED}. */
  public Optional<String> unsupportedReason() {
    return Optional.ofNullable(unsupportedReason);
  }

  /**
   * Makes the kernel drop new SYNs for this listener from now on. Returns false (and the drain is
   * {@link State#UNSUPPORTED}) if the listener is not the one found any more, the filter could not
   * be attached, or the drain was unsupported from the start.
   */
  public synchronized boolean stopNewConnections() {
    if (state != State.LISTENING) {
      return state != State.UNSUPPORTED;
    }
    try {
      // The descriptor number was looked up earlier: make sure it is still that listener.
      String target =
          Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
      if (!target.equals("socket:[" + inode + "]")) {
        unsupportedReason = "descriptor " + fd + " is not the listener any more (" + target + ")";
        state = State.UNSUPPORTED;
        return false;
      }
      SynFilter.attach(fd);
      state = State.NEW_CONNECTIONS_STOPPED;
      return true;
    } catch (IOException | RuntimeException | LinkageError e) {
      unsupportedReason = "cannot attach the filter: " + e;
      state = State.UNSUPPORTED;
      return false;
    }
  }

  /** Connections in the listener's accept queue now (0 once the listener is closed). */
  public int queued() {
    if (fd < 0) {
      return 0;
    }
    try {
      return Math.max(0, AcceptQueue.length(fd));
    } catch (RuntimeException e) {
      return 0; // EBADF: closed, nothing queued any more
    }
  }

  /**
   * Handshakes under way on the port (SYN received, final ACK not yet): they join the queue when
   * the ACK arrives. Counted by port, so another listener on the same port (another address) can
   * only make this larger, never hide one of ours. -1 when the kernel cannot be asked (sock_diag
   * unavailable); the drain then relies on the accept queue and its quiet period alone.
   */
  public long halfOpen() {
    try {
      return HalfOpen.count(port);
    } catch (RuntimeException | LinkageError e) {
      return -1; // the kernel cannot be asked here (no sock_diag): only the queue is known
    }
  }

  /**
   * Waits until the accept queue has been empty for {@code quiet} in a row and no handshake is
   * under way (true), or until {@code budget} has passed (false: closing now may reset what is
   * still pending). The quiet period covers SYNs the kernel was processing while the filter went
   * in. Returns false at once for a drain whose new connections were not stopped.
   */
  public boolean awaitEmpty(Duration quiet, Duration budget) throws InterruptedException {
    if (state == State.EMPTY) {
      return true;
    }
    if (state != State.NEW_CONNECTIONS_STOPPED) {
      return false;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    long emptySince = -1;
    while (true) {
      long now = System.nanoTime();
      if (queued() > 0) {
        emptySince = -1;
      } else if (emptySince < 0) {
        emptySince = now;
      } else if (now - emptySince >= quiet.toNanos()) {
        if (halfOpen() <= 0) {
          state = State.EMPTY;
          return true;
        }
        emptySince = -1;
      }
      if (now - deadline >= 0) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
