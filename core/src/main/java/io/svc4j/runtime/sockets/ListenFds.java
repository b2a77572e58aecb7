package io.svc4j.runtime.sockets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sockets a service manager passed with systemd's socket-activation protocol ({@code
 * sd_listen_fds(3)}): {@code LISTEN_PID} names the process they are meant for, {@code LISTEN_FDS}
 * says how many descriptors follow from fd 3 on, and {@code LISTEN_FDNAMES} (optional) names them,
 * colon separated. Variables meant for another process (a parent that did not clear them) are
 * ignored, as the protocol requires.
 *
 * <p>Java cannot change its own environment (the JDK copies it at start-up), so the variables
 * cannot be unset the way {@code sd_listen_fds(unset=1)} does. What that achieves still holds: a
 * child started with {@link ProcessBuilder} sees a {@code LISTEN_PID} that is not its own, so it
 * ignores the variables, and the JDK closes every descriptor above 2 in the children it starts, so
 * the sockets do not leak to them; {@link #removeFrom(Map)} also takes the variables out of a
 * child's environment explicitly.
 */
public record ListenFds(List<InheritedSocket> sockets) {

  /** The first passed descriptor ({@code SD_LISTEN_FDS_START}). */
  public static final int FIRST_FD = 3;

  public static final String LISTEN_PID = "LISTEN_PID";
  public static final String LISTEN_FDS = "LISTEN_FDS";
  public static final String LISTEN_FDNAMES = "LISTEN_FDNAMES";

  /** systemd's name for a descriptor whose name was not given. */
  public static final String UNKNOWN_NAME = "unknown";

  /** More than any manager passes; guards against a garbage count. */
  private static final int MAX_FDS = 1024;

  private static volatile ListenFds current;

  public ListenFds {
    sockets = List.copyOf(sockets);
  }

  /** No inherited sockets. */
  public static ListenFds none() {
    return new ListenFds(List.of());
  }

  /** The sockets passed to this process (read once from the environment). */
  public static ListenFds inherited() {
    ListenFds fds = current;
    if (fds == null) {
      synchronized (ListenFds.class) {
        fds = current;
        if (fds == null) {
          fds = parse(System.getenv(), ProcessHandle.current().pid());
          current = fds;
        }
      }
    }
    return fds;
  }

  /**
   * Reads the protocol's variables from {@code env} as seen by process {@code pid}. Variables for
   * another pid, or no variables, give {@link #none()}; malformed ones fail with one line.
   */
  public static ListenFds parse(Map<String, String> env, long pid) {
    String pidText = env.get(LISTEN_PID);
    String countText = env.get(LISTEN_FDS);
    if (pidText == null || countText == null) {
      return none();
    }
    long forPid;
    try {
      forPid = Long.parseLong(pidText.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          LISTEN_PID + "=" + pidText + " is not a process id (set by the service manager)");
    }
    if (forPid != pid) {
      return none(); // meant for an ancestor; sd_listen_fds ignores it the same way
    }
    int count;
    try {
      count = Integer.parseInt(countText.trim());
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 0 || count > MAX_FDS) {
      throw new IllegalArgumentException(
          LISTEN_FDS + "=" + countText + " is not a descriptor count between 0 and " + MAX_FDS);
    }
    String namesText = env.get(LISTEN_FDNAMES);
    String[] names = namesText == null ? new String[0] : namesText.split(":", -1);
    if (namesText != null && names.length != count) {
      throw new IllegalArgumentException(
          LISTEN_FDNAMES
              + "="
              + namesText
              + " names "
              + names.length
              + " descriptors but "
              + LISTEN_FDS
              + "="
              + count);
    }
    List<InheritedSocket> sockets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = i < names.length && !names[i].isEmpty() ? names[i] : UNKNOWN_NAME;
      sockets.add(new InheritedSocket(FIRST_FD + i, name));
    }
    return new ListenFds(sockets);
  }

  /**
   * Removes the protocol's variables from a child's environment (e.g. {@code pb.environment()}).
   */
  public static void removeFrom(Map<String, String> childEnvironment) {
    childEnvironment.remove(LISTEN_PID);
    childEnvironment.remove(LISTEN_FDS);
    childEnvironment.remove(LISTEN_FDNAMES);
  }

  public boolean isEmpty() {
    return sockets.isEmpty();
  }

  /**
   * The socket a single-listener server should use: the one named {@code preferredName}, else the
   * only one passed; empty when none was passed. Several sockets, none of that name, is an error
   * (which one to serve on would be a guess).
   */
  public Optional<InheritedSocket> pick(String preferredName) {
    if (sockets.isEmpty()) {
      return Optional.empty();
    }
    for (InheritedSocket s : sockets) {
      if (s.name().equals(preferredName)) {
        return Optional.of(s);
      }
    }
    if (sockets.size() == 1) {
      return Optional.of(sockets.get(0));
    }
    throw new IllegalArgumentException(
        sockets.size()
            + " sockets were passed ("
            + String.join(", ", sockets.stream().map(s -> s.name() + "=fd " + s.fd()).toList())
            + ") and none is named '"
            + preferredName
            + "': name the one to serve on '"
            + preferredName
            + "' (FileDescriptorName= / sockets: name)");
  }
}
