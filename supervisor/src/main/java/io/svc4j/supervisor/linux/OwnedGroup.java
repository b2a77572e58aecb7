package io.svc4j.supervisor.linux;

/**
 * A process group (and session) the supervisor created: its leader was launched through setsid, so
 * the group's number is the leader's pid. The number stays the group's only while a process holds
 * it; once the leader is reaped and the last member gone, {@code kill(-pgid)} could reach an
 * unrelated group that got the number later. So the group is always reached through a pidfd of its
 * leader, opened at launch:
 *
 * <ul>
 *   <li>Linux 6.9+: {@code pidfd_send_signal(PIDFD_SIGNAL_PROCESS_GROUP)} signals exactly the group
 *       the leader led, also after the leader was reaped, and never a later one;
 *   <li>older kernels: {@code kill(-pgid)} only while the leader is not reaped yet (its zombie
 *       holds the number), checked through the pidfd just before; after that the group is not
 *       signalled as a group, its members are signalled one by one ({@link OwnedProcess}).
 * </ul>
 */
public final class OwnedGroup implements AutoCloseable {

  private final OwnedProcess leader;
  // null: no pidfds on this kernel, or the leader was already gone. Used and closed under this
  // object's lock: a closed descriptor's number may be reused by another pidfd at once.
  private Pidfd pidfd;
  private boolean closed;

  private OwnedGroup(OwnedProcess leader, Pidfd pidfd) {
    this.leader = leader;
    this.pidfd = pidfd;
  }

  /**
   * Call right after launching {@code pid} as a group leader, while it is certainly ours (it is our
   * unreaped child, or gone): opens its pidfd, then reads its start time.
   */
  public static OwnedGroup launched(int pid) {
    Pidfd fd = Pidfd.open(pid);
    OwnedProcess leader = OwnedProcess.current(pid);
    if (leader == null || (fd != null && !fd.signal(0))) {
      // Exited and reaped already: nothing can prove the number is still the group's.
      if (fd != null) {
        fd.close();
      }
      return new OwnedGroup(new OwnedProcess(pid, -1), null);
    }
    return new OwnedGroup(leader, fd);
  }

  /** The leader as launched (start time -1 if it was gone before it could be read). */
  public OwnedProcess leader() {
    return leader;
  }

  public int pgid() {
    return leader.pid();
  }

  /**
   * Whether the number {@link #pgid()} provably still is this group's now. Once false, it stays
   * false: a group that lost its last member (or, before Linux 6.9, its leader) never comes back.
   * Checked after reading the process table, true means every process read with this number as its
   * process group or session was in it.
   */
  public synchronized boolean isOurs() {
    if (closed) {
      return false;
    }
    if (pidfd == null) {
      return !Pidfd.supported() && leader.isSame();
    }
    if (Pidfd.groupSignalsSupported()) {
      if (pidfd.signalGroup(0)) {
        return true;
      }
      if (Pidfd.groupSignalsSupported()) {
        return false; // no member left
      }
    }
    return pidfd.signal(0); // leader not reaped
  }

  /**
   * Sends {@code signal} to the group if it provably still is this group.
   *
   * @return whether it was delivered (to at least one member)
   */
  public synchronized boolean signal(int signal) {
    if (closed) {
      return false;
    }
    if (pidfd == null) {
      // No pidfds (Linux before 5.3): while the leader is the same process, the number is ours.
      return !Pidfd.supported() && leader.isSame() && LibC.INSTANCE.kill(-pgid(), signal) == 0;
    }
    if (Pidfd.groupSignalsSupported()) {
      if (pidfd.signalGroup(signal)) {
        return true;
      }
      if (Pidfd.groupSignalsSupported()) {
        return false; // no member left
      }
    }
    // Before Linux 6.9: only while the leader's zombie still holds the number (a window of one
    // syscall remains between this check and the kill).
    return pidfd.signal(0) && LibC.INSTANCE.kill(-pgid(), signal) == 0;
  }

  /** The group is forgotten; closes the leader's pidfd. */
  @Override
  public synchronized void close() {
    if (!closed && pidfd != null) {
      pidfd.close();
    }
    closed = true;
  }
}
